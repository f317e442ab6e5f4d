package org.kymflow.cli;

import java.io.IOException;
import java.nio.file.Path;
import org.kymflow.zarr.ZarrDataset;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Plots a kymograph with its velocity traces. */
@Command(name = "plot", description = "Draw an image and its velocity trace per ROI to a PNG.")
final class PlotCommand extends DatasetCommand {
    @Parameters(index = "1", paramLabel = "IMAGE", description = "image id, id prefix or source file name")
    String imageId;

    @Option(names = {"-o", "--output"}, required = true, paramLabel = "FILE", description = "PNG file to write (outside the dataset)")
    Path output;

    @Override
    public Integer call() throws IOException {
        Path target = output.toAbsolutePath().normalize();
        if (target.startsWith(dataset.toAbsolutePath().normalize())) {
            throw new IllegalArgumentException("refusing to write " + target + " inside the dataset " + dataset.toAbsolutePath()
                    + "; choose a file outside it");
        }
        try (ZarrDataset ds = openReadOnly()) {
            String id = ImageNames.resolve(ds, java.util.List.of(imageId)).iterator().next();
            int height = Plotter.plot(ds, id, target);
            out().printf("wrote %s (%d x %d)%n", target, Plotter.WIDTH, height);
        }
        return 0;
    }
}
