package org.kymflow.cli;

import java.io.PrintWriter;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import org.kymflow.cli.common.ErrorMessageHandler;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * The {@code kymflow} command line: each subcommand is its own class. Exit codes: 0 success, 1 failure
 * (one line naming what and where), 2 bad usage.
 */
@Command(name = "kymflow", mixinStandardHelpOptions = true, versionProvider = PomVersionProvider.class,
        description = "Kymograph datasets: ingest, analyse and inspect.")
public final class KymflowCli implements Callable<Integer> {
    /**
     * The subcommands by name, in the order the usage help lists them. A command line that names one gets
     * only that one: picocli reads every registered command's annotations and builds its model before it
     * parses, and on one core building all of them cost 40-90 ms of every command (README, Benchmarks).
     */
    static final Map<String, Supplier<Object>> SUBCOMMANDS = subcommands();

    /** The top-level options of a command line that only prints the version. */
    private static final Set<String> VERSION_ONLY = Set.of("-V", "--version", "-v", "--verbose");

    private static Map<String, Supplier<Object>> subcommands() {
        Map<String, Supplier<Object>> commands = new LinkedHashMap<>();
        commands.put("help", CommandLine.HelpCommand::new);
        commands.put("demo", DemoCommand::new);
        commands.put("init", InitCommand::new);
        commands.put("info", InfoCommand::new);
        commands.put("images", ImagesCommand::new);
        commands.put("ingest", IngestCommand::new);
        commands.put("indexers", IndexersCommand::new);
        commands.put("index", IndexCommand::new);
        commands.put("params", ParamsCommand::new);
        commands.put("roi", RoiCommand::new);
        commands.put("experiment", ExperimentCommand::new);
        commands.put("status", StatusCommand::new);
        commands.put("log", LogCommand::new);
        commands.put("summary", SummaryCommand::new);
        commands.put("tables", TablesCommand::new);
        commands.put("show", ShowCommand::new);
        commands.put("validate", ValidateCommand::new);
        commands.put("export", ExportCommand::new);
        commands.put("plot", PlotCommand::new);
        commands.put("view", ViewCommand::new);
        return Collections.unmodifiableMap(commands);
    }

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
        String named = subcommandNamed(args);
        SUBCOMMANDS.forEach((name, command) -> {
            if (named == null || named.equals(name)) {
                cli.addSubcommand(name, command.get());
            }
        });
        cli.setOut(out);
        cli.setErr(err);
        cli.setExecutionExceptionHandler(new ErrorMessageHandler("kymflow"));
        try {
            return cli.execute(args);
        } catch (OutOfMemoryError e) {
            // picocli lets Errors through; this one has a remedy the user can apply
            err.println("kymflow: " + ErrorMessageHandler.outOfMemory(e));
            return 1;
        }
    }

    /**
     * The subcommand to register for a command line.
     *
     * @param args the command line
     * @return the subcommand it runs; "" for none ({@code --version}); or null when it needs them
     *     all: usage, {@code help}, or an unknown name (picocli then suggests the nearest)
     */
    static String subcommandNamed(String[] args) {
        boolean version = false;
        for (String arg : args) {
            if (!arg.startsWith("-")) { // the top level's options take no values, so this is the subcommand
                return !"help".equals(arg) && SUBCOMMANDS.containsKey(arg) ? arg : null;
            }
            version |= arg.equals("-V") || arg.equals("--version");
            if (!VERSION_ONLY.contains(arg)) {
                return null;
            }
        }
        return version ? "" : null;
    }

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getOut());
        return 0;
    }
}
