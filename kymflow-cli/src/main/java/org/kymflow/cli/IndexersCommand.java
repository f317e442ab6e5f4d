package org.kymflow.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
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
            List<Map<String, Object>> list = catalog.entries().stream().map(CatalogEntry::toJson).toList();
            out.println(PythonJson.indented(list, 2, false, false));
            return 0;
        }
        // fits 80 columns: a heading line per analysis, then its description, origin and params wrapped
        for (CatalogEntry e : catalog.entries()) {
            StringBuilder sb = new StringBuilder();
            sb.append(e.name()).append("  ").append(e.status()).append("  ").append(e.analysisVersion()).append('\n');
            TerminalTable.wrap(sb, e.description(), "  ", "  ");
            TerminalTable.wrap(sb, "origin: " + e.origin() + (e.jarSha256() == null ? "" : "  sha256: " + e.jarSha256()), "  ", "    ");
            if (!e.defaultParams().isEmpty()) {
                List<String> params = new ArrayList<>();
                new java.util.TreeMap<>(e.defaultParams()).forEach((k, v) -> params.add(k + "=" + v));
                TerminalTable.wrap(sb, "params: " + String.join(", ", params), "  ", "    ");
            }
            if (!e.isLoaded()) {
                TerminalTable.wrap(sb, "reason: " + e.reason(), "  ", "    ");
            }
            out.print(sb);
        }
        return 0;
    }
}
