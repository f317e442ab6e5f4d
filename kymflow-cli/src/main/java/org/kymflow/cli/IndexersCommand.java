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
            List<Map<String, Object>> list = new ArrayList<>();
            for (CatalogEntry e : catalog.entries()) {
                Map<String, Object> m = new java.util.LinkedHashMap<>(e.toJson());
                if (e.isLoaded()) { // each param's type, range or choices and help, for editors
                    m.put("params", catalog.describeParams(e.name()).stream().map(IndexersCommand::specJson).toList());
                }
                list.add(m);
            }
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

    private static Map<String, Object> specJson(org.kymflow.api.ParamSpec spec) {
        Map<String, Object> m = new java.util.LinkedHashMap<>();
        m.put("name", spec.name());
        m.put("type", spec.type());
        m.put("default", spec.defaultValue());
        m.put("min", spec.min());
        m.put("max", spec.max());
        m.put("choices", spec.choices());
        m.put("help", spec.help());
        return m;
    }
}
