package org.kymflow.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.kymflow.runtime.ImageStaleness;
import org.kymflow.runtime.IndexPlan;
import org.kymflow.runtime.IndexerCatalog;
import org.kymflow.runtime.KymDataset;
import org.kymflow.runtime.NamePolicy;
import org.kymflow.table.PythonJson;
import org.kymflow.zarr.ZarrDataset;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Tells, per analysis, how many images are up to date and why the others are not. Read-only. */
@Command(name = "status",
        description = "Per analysis: images fresh and stale, by reason (with --image: the reason per image).")
final class StatusCommand extends DatasetCommand {
    @Parameters(index = "1..*", arity = "0..*", paramLabel = "NAME", description = "analyses (default: every loaded one)")
    List<String> names = new ArrayList<>();

    @Option(names = "--image", paramLabel = "ID_OR_FILE", description = "show the reason for this image (repeatable)")
    List<String> images = new ArrayList<>();

    @Option(names = "--param", paramLabel = "PARAM", description = "NAME.KEY=VALUE: what if the analysis ran with this param (the configuration is not changed)")
    Map<String, String> params = new LinkedHashMap<>();

    @Option(names = "--json", description = "print JSON")
    boolean json;

    @CommandLine.Mixin
    PluginsOption plugins;

    @Override
    public Integer call() {
        IndexerCatalog catalog = plugins.discover();
        List<String> run = names.isEmpty() ? catalog.loadedNames() : names;
        IndexCommand.plan(spec, catalog, run, params, org.kymflow.runtime.AnalysisConfig.empty());
        PrintWriter out = out();
        List<Map<String, Object>> report = new ArrayList<>();
        List<String> noScale = new ArrayList<>();
        Map<String, String> unreadable = new TreeMap<>();
        try (ZarrDataset ds = openReadOnly()) {
            // the dataset's configuration, and --param on top of it as a what-if question (nothing is saved)
            IndexPlan plan = IndexCommand.plan(spec, catalog, run, params, org.kymflow.runtime.AnalysisConfig.load(ds)).plan();
            Set<String> selected = ImageNames.resolve(ds, images);
            Map<String, List<ImageStaleness>> all = new KymDataset(ds).staleness(plan.order(), selected);
            Map<String, String> files = ImageNames.fileNames(ds);
            for (String id : selected.isEmpty() ? ds.listImageIds() : List.copyOf(selected)) {
                try {
                    if (!hasScale(ds, id)) {
                        noScale.add(ImageNames.label(files, id));
                    }
                } catch (org.kymflow.zarr.ZarrException e) {
                    unreadable.put(ImageNames.label(files, id), e.getMessage());
                }
            }
            all.values().forEach(list -> list.stream().filter(st -> st.reason() == org.kymflow.runtime.StalenessReason.STALE_UNREADABLE)
                    .forEach(st -> unreadable.putIfAbsent(ImageNames.label(files, st.imageId()), st.facts())));
            for (String name : run) {
                List<ImageStaleness> states = all.get(name);
                Map<String, Integer> reasons = new TreeMap<>();
                int fresh = 0;
                for (ImageStaleness s : states) {
                    reasons.merge(s.reason().name(), 1, Integer::sum);
                    fresh += s.isFresh() ? 1 : 0;
                }
                Map<String, Object> entry = new LinkedHashMap<>();
                entry.put("name", name);
                entry.put("table", NamePolicy.tableName(name));
                entry.put("images", states.size());
                entry.put("fresh", fresh);
                entry.put("stale", states.size() - fresh);
                entry.put("reasons", reasons);
                if (!selected.isEmpty()) {
                    List<Map<String, Object>> perImage = new ArrayList<>();
                    for (ImageStaleness s : states) {
                        Map<String, Object> m = new LinkedHashMap<>();
                        m.put("image_id", s.imageId());
                        m.put("reason", s.reason().name());
                        m.put("facts", s.facts());
                        perImage.add(m);
                    }
                    entry.put("per_image", perImage);
                }
                report.add(entry);
                if (!json) {
                    out.printf("%-16s %5d images  %5d fresh  %5d stale  %s%n", name, states.size(), fresh, states.size() - fresh, reasons);
                    if (!selected.isEmpty()) {
                        for (ImageStaleness s : states) {
                            out.printf("  %s  %-28s %s%n", s.imageId(), s.reason(), s.facts());
                        }
                    }
                }
            }
        }
        if (json) {
            Map<String, Object> top = new LinkedHashMap<>();
            top.put("indexers", report);
            top.put("no_scale", noScale);
            top.put("unreadable", unreadable);
            out.println(PythonJson.indented(top, 2, false, false));
        } else if (!noScale.isEmpty()) {
            out.printf("%d images have no scale in their header, so their velocities are in pixels/line: %s%n", noScale.size(), noScale);
        }
        // one line per cause: a broken table is one problem, not one per image
        Map<String, List<String>> byCause = new LinkedHashMap<>();
        unreadable.forEach((label, why) -> byCause.computeIfAbsent(why, k -> new ArrayList<>()).add(label));
        byCause.forEach((why, labels) -> err().println("unreadable: " + (labels.size() == 1 ? labels.get(0) + ": " + why
                : why + " (" + labels.size() + " images)")));
        if (!unreadable.isEmpty()) {
            err().println(unreadable.size() + " images could not be judged; 'kymflow validate' lists every problem");
        }
        return unreadable.isEmpty() ? 0 : 1;
    }

    /** Whether the image's header gives delx and delt as radon reads them (else radon reports pixels/line). */
    private static boolean hasScale(ZarrDataset ds, String id) {
        return org.kymflow.api.Scale.fromMetadata(ImageMetadata.payload(ds.record(id))).isPresent();
    }
}
