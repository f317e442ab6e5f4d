package org.kymflow.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.kymflow.zarr.OpenMode;
import org.kymflow.zarr.ZarrDataset;
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
        if (Files.exists(dataset.resolve(".zgroup"))) {
            throw new IllegalArgumentException(dataset + " already holds a dataset");
        }
        try (ZarrDataset ds = ZarrDataset.open(dataset, OpenMode.APPEND)) {
            spec.commandLine().getOut().println("created " + ds.location());
        }
        return 0;
    }
}
