package org.kymflow.cli.common;

import picocli.CommandLine;

/**
 * Turns a failed command into one line on standard error and exit code 1: the message, never a stack
 * trace, and never {@code null} (a message-less exception is named by its type).
 */
public final class ErrorMessageHandler implements CommandLine.IExecutionExceptionHandler {
    private final String program;

    /**
     * @param program the program's name, the start of every error line
     */
    public ErrorMessageHandler(String program) {
        this.program = program;
    }

    @Override
    public int handleExecutionException(Exception e, CommandLine commandLine, CommandLine.ParseResult parseResult) {
        commandLine.getErr().println(program + ": " + describe(e));
        return 1;
    }

    /**
     * @param e a failure
     * @return one line saying what failed, with the file when there is one
     */
    public static String describe(Throwable e) {
        return org.kymflow.runtime.Failures.describe(e);
    }

    /**
     * @param e the error
     * @return what ran out and how to give the JVM more
     */
    public static String outOfMemory(OutOfMemoryError e) {
        long maxMb = Runtime.getRuntime().maxMemory() / (1024 * 1024);
        return "out of memory (" + (e.getMessage() == null ? "heap" : e.getMessage()) + ", maximum heap " + maxMb
                + " MB); give Java more with KYMFLOW_JAVA_OPTS=-Xmx4g (or a larger value)";
    }
}
