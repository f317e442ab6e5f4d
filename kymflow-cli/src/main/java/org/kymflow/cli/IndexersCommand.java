package org.kymflow.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.kymflow.runtime.CatalogEntry;
import org.kymflow.runtime.IndexerCatalog;
import org.kymflow.table.PythonJson;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Lists the available analyses. */
@Command(name = "indexers", description = "List available analyses, built-in and plugins.")
final class IndexersCommand implements Callable<Integer> {
    @Spec
    CommandLine.Model.CommandSpec spec;

    @CommandLine.Option(names = {"-h", "--help"}, usageHelp = true, description = "show this help ('kymflow --version' prints the version)")
    boolean help;

    @CommandLine.Mixin
    PluginsOption plugins;

    @Option(names = "--json", description = "print JSON")
    boolean json;

    @Override
    public Integer call() {
        IndexerCatalog catalog = plugins.discover();
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            List<Map<String, Object>> list = new ArrayList<>();
            for (CatalogEntry e : catalog.entries()) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("name", e.name());
                m.put("description", e.description());
                m.put("analysis_version", e.analysisVersion());
                m.put("default_params", e.defaultParams());
                m.put("origin", e.origin());
                m.put("jar_sha256", e.jarSha256());
                m.put("status", e.status().name());
                m.put("reason", e.reason());
                list.add(m);
            }
            out.println(PythonJson.indented(list, 2, false, false));
            return 0;
        }
        for (CatalogEntry e : catalog.entries()) {
            out.printf("%-12s %-9s %-16s %s%n", e.name(), e.status(), e.analysisVersion(), e.description());
            out.printf("             origin: %s%s%n", e.origin(), e.jarSha256() == null ? "" : "  sha256: " + e.jarSha256());
            if (!e.defaultParams().isEmpty()) {
                out.printf("             params: %s%n", e.defaultParams());
            }
            if (!e.isLoaded()) {
                out.printf("             reason: %s%n", e.reason());
            }
        }
        return 0;
    }
}
