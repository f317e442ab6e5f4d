package org.kymflow.runtime;

import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;

/**
 * One line for a failure, as people read it: the file and the cause, never {@code null} and never a bare
 * exception type (a message-less failure says where it happened). Shared by the library's reports (an
 * ingest's skipped files, say) and the command line's errors.
 */
public final class Failures {
    private Failures() {
    }

    /**
     * @param e a failure
     * @return one line saying what failed, with the file when there is one
     */
    public static String describe(Throwable e) {
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
}
