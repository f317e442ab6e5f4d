package org.kymflow.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.kymflow.cli.common.AnalysisRunOptions;
import org.kymflow.runtime.AnalysisStatus;
import org.kymflow.runtime.DatasetReader;
import org.kymflow.runtime.ImageStaleness;
import org.kymflow.runtime.IndexPlan;
import org.kymflow.runtime.IndexerCatalog;
import org.kymflow.table.PythonJson;
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
        AnalysisRunOptions.plan(spec, catalog, run, params, org.kymflow.runtime.AnalysisConfig.empty());
        PrintWriter out = out();
        List<Map<String, Object>> report = new ArrayList<>();
        List<String> noScale = new ArrayList<>();
        Map<String, String> unreadable = new TreeMap<>();
        try (DatasetReader ds = openReadOnly()) {
            // the dataset's configuration, and --param on top of it as a what-if question (nothing is saved)
            IndexPlan plan = AnalysisRunOptions.plan(spec, catalog, run, params, ds.config()).plan();
            Set<String> selected = ds.resolve(images);
            Map<String, List<ImageStaleness>> all = ds.staleness().staleness(plan.order(), selected);
            List<String> judged = selected.isEmpty() ? ds.imageIds() : List.copyOf(selected);
            ds.imageFacts(judged, (id, why) -> unreadable.put(ds.label(id), why)).stream().filter(f -> f.scale().isEmpty())
                    .forEach(f -> noScale.add(ds.label(f.imageId())));
            all.values().forEach(list -> list.stream().filter(st -> st.reason() == org.kymflow.runtime.StalenessReason.STALE_UNREADABLE)
                    .forEach(st -> unreadable.putIfAbsent(ds.label(st.imageId()), st.facts())));
            for (String name : run) {
                AnalysisStatus status = new AnalysisStatus(name, all.get(name));
                report.add(status.toJson(!selected.isEmpty()));
                if (!json) {
                    out.printf("%-16s %5d images  %5d fresh  %5d stale  %s%n", name, status.images().size(), status.fresh(),
                            status.stale(), status.reasons());
                    if (!selected.isEmpty()) {
                        status.images().forEach(st -> out.printf("  %s  %-28s %s%n", st.imageId(), st.reason(), st.facts()));
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
}
