package org.kymflow.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.kymflow.runtime.DatasetReader;
import org.kymflow.runtime.ImageNames;
import org.kymflow.runtime.export.LabSummary;
import org.kymflow.runtime.export.OutputPaths;
import org.kymflow.viewer.KymographPlot;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Plots a kymograph above the velocity trace of each ROI (PNG or SVG), one image or all of them. */
@Command(name = "plot",
        description = "Draw an image above its velocity trace per ROI, with events, to PNG or SVG (-o x.svg); --all for every image.")
final class PlotCommand extends DatasetCommand {
    @Parameters(index = "1", arity = "0..1", paramLabel = "IMAGE", description = "image id, id prefix or source file name")
    String image;

    @Option(names = "--all", description = "every image, into the folder -o names (one PNG or SVG per image, named after its file)")
    boolean all;

    @Option(names = {"-o", "--output"}, required = true, paramLabel = "FILE|DIR", description = "file to write (.png or .svg), a folder with --all")
    Path output;

    @Option(names = "--from", paramLabel = "S", description = "start of the time range, seconds (lines without a header)")
    Double from;

    @Option(names = "--to", paramLabel = "S", description = "end of the time range; a short range is drawn at full resolution")
    Double to;

    @Option(names = "--space-from", paramLabel = "UM", description = "start of the space range, micrometres (pixels without a header)")
    Double spaceFrom;

    @Option(names = "--space-to", paramLabel = "UM", description = "end of the space range")
    Double spaceTo;

    @Option(names = "--colours", paramLabel = "MAP", defaultValue = "gray",
            description = "the kymograph's colours: gray (default), gray_r, viridis, inferno, magma, plasma")
    String colours;

    @Option(names = "--force", description = "replace an existing file (with --all: write into a folder that is not empty)")
    boolean force;

    @Option(names = "--shared-y", description = "one velocity range for every ROI's panel (default: each panel's own data)")
    boolean sharedY;

    @Option(names = "--svg", description = "with --all: write SVG instead of PNG")
    boolean svg;

    @CommandLine.Mixin
    PluginsOption plugins;

    @Override
    public Integer call() throws IOException {
        if (all == (image != null)) {
            throw new CommandLine.ParameterException(spec.commandLine(), "name one IMAGE, or --all");
        }
        Path target = output.toAbsolutePath().normalize();
        if (all) {
            OutputPaths.checkFolder(dataset, target, force);
        } else {
            OutputPaths.checkFile(dataset, target, force);
        }
        KymographPlot.View view = new KymographPlot.View(from, to, spaceFrom, spaceTo, sharedY, colours); // checks the colours first
        try (DatasetReader ds = openReadOnly()) {
            // each ROI's heart rate beside its panel, where heart_rate ran and is up to date
            Map<String, Map<Integer, Double>> heartRates = LabSummary.heartRates(ds, plugins.discover());
            if (!all) {
                String id = ds.resolve(List.of(image)).iterator().next();
                KymographPlot.Rendered r = KymographPlot.plot(ds, id, view, heartRates.getOrDefault(id, Map.of()), target);
                out().printf("wrote %s (%d x %d)%n", target, r.width(), r.height());
                return 0;
            }
            Files.createDirectories(target);
            Map<String, String> names = ImageNames.outputNames(ds.imageIds(), ds.fileNames(), svg ? ".svg" : ".png");
            for (Map.Entry<String, String> e : names.entrySet()) {
                KymographPlot.plot(ds, e.getKey(), view, heartRates.getOrDefault(e.getKey(), Map.of()), target.resolve(e.getValue()));
                out().println("wrote " + target.resolve(e.getValue()));
            }
        }
        return 0;
    }
}
