package org.kymflow.cli.common;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;
import org.kymflow.runtime.AnalysisConfig;
import org.kymflow.runtime.IndexerCatalog;
import org.kymflow.runtime.UpdateMode;
import picocli.CommandLine;

/** The shared run options, parsed by picocli as both applications parse them. */
class TestAnalysisRunOptions {
    /** A command with the mixin, as 'kymflow index' and 'kymflow-spark' declare it. */
    @CommandLine.Command(name = "run")
    static final class RunCommand implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @CommandLine.Parameters(arity = "1..*")
        List<String> names = new ArrayList<>();

        @CommandLine.Mixin
        AnalysisRunOptions options;

        UpdateMode mode;
        AnalysisConfig config;
        AnalysisRunOptions.PlannedRun planned;

        @Override
        public Integer call() {
            IndexerCatalog catalog = IndexerCatalog.discover(List.of(), false);
            mode = options.updateMode(spec);
            config = options.configWithParams(spec, catalog, AnalysisConfig.empty());
            planned = AnalysisRunOptions.plan(spec, catalog, names, Map.of(), config);
            return 0;
        }
    }

    private static int run(RunCommand command, StringWriter err, String... args) {
        return new CommandLine(command).setErr(new PrintWriter(err, true)).execute(args);
    }

    @Test
    void paramsAreSavedInTheConfigurationAndInputsComeFirst() {
        RunCommand command = new RunCommand();
        assertEquals(0, run(command, new StringWriter(), "velocity_events", "--param", "radon.window_size=32", "--mode", "replace",
                "--keep-going", "--json"));
        assertEquals(UpdateMode.REPLACE, command.mode);
        assertEquals(Map.of("window_size", 32), command.config.paramsFor("radon"));
        assertEquals(List.of("radon", "velocity_events"), command.planned.plan().order().stream().map(i -> i.name()).toList());
        assertEquals(32, command.planned.params().get("radon").get("window_size"));
        assertTrue(command.options.keepGoing() && command.options.json());
    }

    @Test
    void everyMistakeIsBadUsageNamingTheChoices() {
        StringWriter err = new StringWriter();
        assertEquals(2, run(new RunCommand(), err, "radon", "--mode", "sometimes"));
        assertTrue(err.toString().contains("--mode") && err.toString().contains("incremental"), err.toString());
        err = new StringWriter();
        assertEquals(2, run(new RunCommand(), err, "radon", "--param", "radon.no_such_key=1"));
        assertTrue(err.toString().contains("no_such_key") && err.toString().contains("window_size"), err.toString());
        err = new StringWriter();
        assertEquals(2, run(new RunCommand(), err, "radon", "--param", "roi_stats.percentile=5"));
        assertTrue(err.toString().contains("roi_stats"), err.toString());
        err = new StringWriter();
        assertEquals(2, run(new RunCommand(), err, "radon", "--param", "window_size=16"));
        assertTrue(err.toString().contains("NAME.KEY=VALUE") || err.toString().contains("window_size"), err.toString());
    }
}
