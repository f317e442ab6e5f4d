package org.kymflow.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.kymflow.runtime.DatasetWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** Creates an empty dataset. */
@Command(name = "init", description = "Create an empty dataset.")
final class InitCommand implements Callable<Integer> {
    @Spec
    CommandLine.Model.CommandSpec spec;

    @CommandLine.Option(names = {"-h", "--help"}, usageHelp = true, description = "show this help ('kymflow --version' prints the version)")
    boolean help;

    @Parameters(index = "0", paramLabel = "DATASET", description = "dataset folder to create, e.g. lab.zarr")
    Path dataset;

    @Override
    public Integer call() {
        try (DatasetWriter ds = DatasetWriter.create(dataset)) {
            spec.commandLine().getOut().println("created " + ds.location());
        }
        return 0;
    }
}
