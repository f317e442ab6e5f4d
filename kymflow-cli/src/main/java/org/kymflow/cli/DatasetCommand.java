package org.kymflow.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.kymflow.runtime.DatasetReader;
import org.kymflow.runtime.DatasetWriter;
import picocli.CommandLine;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * The base of every command whose first argument is an existing dataset: it opens it read-only (no lock,
 * never blocks a writer) or for writing, and never creates one (only {@code init} and {@code ingest} do).
 */
abstract class DatasetCommand implements Callable<Integer> {
    @Spec
    CommandLine.Model.CommandSpec spec;

    @CommandLine.Option(names = {"-h", "--help"}, usageHelp = true, description = "show this help ('kymflow --version' prints the version)")
    boolean help;

    @Parameters(index = "0", paramLabel = "DATASET", description = "dataset folder, e.g. lab.zarr")
    Path dataset;

    /** @return the dataset, opened read-only (no lock, never blocks a writer) */
    DatasetReader openReadOnly() {
        return DatasetReader.open(dataset);
    }

    /** @return the dataset, opened for writing (holds the writer lock until closed) */
    DatasetWriter openForWriting() {
        return DatasetWriter.open(dataset);
    }

    PrintWriter out() {
        return spec.commandLine().getOut();
    }

    PrintWriter err() {
        return spec.commandLine().getErr();
    }
}
