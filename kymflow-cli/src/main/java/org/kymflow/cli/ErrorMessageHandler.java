package org.kymflow.cli;

import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import picocli.CommandLine;

/**
 * Turns a failed command into one line on standard error and exit code 1: the message, never a stack
 * trace, and never {@code null} (a message-less exception is named by its type).
 */
final class ErrorMessageHandler implements CommandLine.IExecutionExceptionHandler {
    @Override
    public int handleExecutionException(Exception e, CommandLine commandLine, CommandLine.ParseResult parseResult) {
        commandLine.getErr().println("kymflow: " + describe(e));
        return 1;
    }

    /**
     * @param e a failure
     * @return one line saying what failed, with the file when there is one
     */
    static String describe(Throwable e) {
        return org.kymflow.runtime.Failures.describe(e);
    }

    /**
     * @param e the error
     * @return what ran out and how to give the JVM more
     */
    static String outOfMemory(OutOfMemoryError e) {
        long maxMb = Runtime.getRuntime().maxMemory() / (1024 * 1024);
        return "out of memory (" + (e.getMessage() == null ? "heap" : e.getMessage()) + ", maximum heap " + maxMb
                + " MB); give Java more with KYMFLOW_JAVA_OPTS=-Xmx4g (or a larger value)";
    }
}
