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
        if (e instanceof AccessDeniedException a) {
            return "permission denied: " + a.getFile() + (a.getReason() == null ? "" : " (" + a.getReason() + ")");
        }
        if (e instanceof NoSuchFileException n) {
            return "no such file or folder: " + n.getFile();
        }
        if (e instanceof FileSystemException f && f.getFile() != null) {
            return f.getFile() + ": " + (f.getReason() == null ? e.getClass().getSimpleName() : f.getReason());
        }
        if (e instanceof com.fasterxml.jackson.core.JsonProcessingException j) {
            // Jackson's message has a second line about a redacted source; the location is all a person needs
            com.fasterxml.jackson.core.JsonLocation at = j.getLocation();
            return "not valid JSON" + (at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr())
                    + " (" + j.getOriginalMessage().lines().findFirst().orElse("") + ")";
        }
        if (e instanceof java.io.EOFException && (e.getMessage() == null || e.getMessage().isBlank())) {
            return "the file ends early (truncated or still being copied?)";
        }
        String message = e.getMessage();
        if (message == null || message.isBlank()) {
            Throwable cause = e.getCause();
            if (cause != null && cause != e) {
                return describe(cause);
            }
            StackTraceElement[] where = e.getStackTrace();
            // a bug of ours or a library's, not the user's input: say where, so a report can find it
            return "internal error " + e.getClass().getSimpleName() + (where.length == 0 ? "" : " at " + where[0])
                    + "; please report it with the command that gave it";
        }
        return message;
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
