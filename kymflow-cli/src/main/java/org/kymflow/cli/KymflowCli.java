package org.kymflow.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * The {@code kymflow} command line: each subcommand is its own class. Exit codes: 0 success, 1 failure
 * (one line naming what and where), 2 bad usage.
 */
@Command(name = "kymflow", mixinStandardHelpOptions = true, versionProvider = PomVersionProvider.class,
        description = "Kymograph datasets: ingest, analyse and inspect.",
        subcommands = {CommandLine.HelpCommand.class, DemoCommand.class, InitCommand.class, InfoCommand.class, ImagesCommand.class,
                IngestCommand.class, IndexersCommand.class, IndexCommand.class, StatusCommand.class, LogCommand.class, SummaryCommand.class, TablesCommand.class, ShowCommand.class,
                ValidateCommand.class, ExportCommand.class, PlotCommand.class, ViewCommand.class})
public final class KymflowCli implements Callable<Integer> {
    @Spec
    CommandLine.Model.CommandSpec spec;

    /**
     * Logs at INFO (timings, unchanged-params notices) instead of WARN. Takes effect because no logger
     * exists before the command line is parsed.
     *
     * @param verbose whether to log at INFO
     */
    @Option(names = {"-v", "--verbose"}, scope = CommandLine.ScopeType.INHERIT, description = "log progress details (INFO)")
    void setVerbose(boolean verbose) {
        if (verbose) {
            System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "info");
        }
    }

    /**
     * Runs the command line and exits with its code.
     *
     * @param args the arguments
     */
    public static void main(String[] args) {
        PrintWriter out = new PrintWriter(System.out, true);
        PrintWriter err = new PrintWriter(System.err, true);
        int code = run(args, out, err);
        out.flush(); // print() does not autoflush, and System.exit would drop what is buffered
        err.flush();
        System.exit(code);
    }

    /**
     * Runs a command in-process (for tests and embedding).
     *
     * @param args the arguments
     * @param out standard output
     * @param err standard error
     * @return the exit code
     */
    public static int run(String[] args, PrintWriter out, PrintWriter err) {
        CommandLine cli = new CommandLine(new KymflowCli());
        cli.setOut(out);
        cli.setErr(err);
        cli.setExecutionExceptionHandler(new ErrorMessageHandler());
        try {
            return cli.execute(args);
        } catch (OutOfMemoryError e) {
            // picocli lets Errors through; this one has a remedy the user can apply
            err.println("kymflow: " + ErrorMessageHandler.outOfMemory(e));
            return 1;
        }
    }

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getOut());
        return 0;
    }
}
