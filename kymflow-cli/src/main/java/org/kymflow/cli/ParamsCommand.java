package org.kymflow.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.kymflow.cli.common.AnalysisRunOptions;
import org.kymflow.runtime.AnalysisConfig;
import org.kymflow.runtime.DatasetReader;
import org.kymflow.runtime.DatasetWriter;
import org.kymflow.runtime.IndexPlan;
import org.kymflow.runtime.IndexerCatalog;
import org.kymflow.table.PythonJson;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * Shows and sets the dataset's analysis configuration: the params every run, status, summary and view of the
 * dataset uses.
 */
@Command(name = "params",
        description = "Show the params each analysis runs with on this dataset (* = default), or set them (NAME.KEY=VALUE).")
final class ParamsCommand extends DatasetCommand {
    @Parameters(index = "1..*", arity = "0..*", paramLabel = "PARAM", description = "NAME.KEY=VALUE: params to set, e.g. radon.window_size=32")
    List<String> settings = new ArrayList<>();

    @Option(names = "--reset", paramLabel = "NAME[.KEY]", description = "restore the defaults of an analysis, or of one param (repeatable)")
    List<String> resets = new ArrayList<>();

    @Option(names = "--json", description = "print JSON: per analysis, per param, its value and whether it is the default")
    boolean json;

    @CommandLine.Mixin
    PluginsOption plugins;

    @Override
    public Integer call() {
        IndexerCatalog catalog = plugins.discover();
        Map<String, String> given = new LinkedHashMap<>();
        for (String setting : settings) {
            int eq = setting.indexOf('=');
            if (eq < 1) {
                throw new CommandLine.ParameterException(spec.commandLine(), "a param is NAME.KEY=VALUE, was " + setting);
            }
            given.put(setting.substring(0, eq), setting.substring(eq + 1));
        }
        Map<String, Map<String, Object>> byIndexer;
        try {
            byIndexer = IndexPlan.paramsByIndexer(given);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
        boolean change = !byIndexer.isEmpty() || !resets.isEmpty();
        PrintWriter out = out();
        try (DatasetReader ds = change ? openForWriting() : openReadOnly()) {
            AnalysisConfig before = ds.config();
            AnalysisConfig config = before;
            for (String reset : resets) {
                int dot = reset.indexOf('.');
                String name = dot < 0 ? reset : reset.substring(0, dot);
                String key = dot < 0 ? null : reset.substring(dot + 1);
                if (catalog.find(name).isEmpty() && !config.params().containsKey(name)) {
                    throw new CommandLine.ParameterException(spec.commandLine(), "--reset " + reset + ": no analysis '" + name
                            + "'; available: " + catalog.loadedNames());
                }
                config = config.reset(name, key);
            }
            config = AnalysisRunOptions.withParams(spec, catalog, config, byIndexer);
            if (!config.equals(before)) {
                ((DatasetWriter) ds).saveConfig(config); // a change opened the dataset for writing
            }
            print(out, catalog, config);
        }
        return 0;
    }

    private void print(PrintWriter out, IndexerCatalog catalog, AnalysisConfig config) {
        if (json) {
            out.println(PythonJson.indented(config.toJson(catalog), 2, false, false));
            return;
        }
        for (String name : catalog.loadedNames()) {
            Map<String, AnalysisConfig.EffectiveParam> params = config.effective(catalog, name);
            Map<String, String> help = new java.util.HashMap<>();
            catalog.describeParams(name).forEach(spec -> help.put(spec.name(), spec.help()));
            out.println(name + (params.isEmpty() ? " (no params)" : ""));
            params.forEach((key, p) -> {
                StringBuilder sb = new StringBuilder();
                TerminalTable.wrap(sb, String.format("%-22s %s%s", key, p.value(), p.isDefault() ? " *" : "   (default "
                        + p.defaultValue() + ")"), "  ", "      ");
                if (!help.getOrDefault(key, "").isEmpty()) {
                    TerminalTable.wrap(sb, help.get(key), "      ", "      "); // what it does, under its value
                }
                out.print(sb);
            });
        }
        for (String unknown : config.unknownAnalyses(catalog)) {
            out.println(unknown + " (not loaded; its params are kept): " + config.paramsFor(unknown));
        }
        out.println("* = default; set with NAME.KEY=VALUE, restore with --reset NAME[.KEY]");
    }
}
