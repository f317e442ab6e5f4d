package org.kymflow.runtime;

import java.util.Locale;

/**
 * How an index run ended, as its report and the run log ({@code sys_runs.status}) say it. The log stores
 * {@link #wireName()}, the lowercase name the Python tools and earlier versions read.
 */
public enum RunStatus {
    /** Every image asked for was computed or already fresh. */
    OK,
    /** Some images failed and the run kept going past them (they keep their old rows). */
    PARTIAL,
    /** Stopped before the end (Ctrl-C, SIGTERM, cancellation): what finished was committed. */
    INTERRUPTED,
    /** Failed: nothing of this run that was not committed before the failure was kept. */
    FAILED,
    /** Committed rows and has not ended (yet, or ever: a killed run's row stays so). */
    UNFINISHED;

    /** @return the name as the run log and JSON reports write it, e.g. {@code interrupted} */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * @param wireName a name as the run log writes it
     * @return the status
     * @throws IllegalArgumentException naming the value and the known ones
     */
    public static RunStatus parse(String wireName) {
        for (RunStatus s : values()) {
            if (s.wireName().equals(wireName)) {
                return s;
            }
        }
        throw new IllegalArgumentException("unknown run status '" + wireName + "'; known: ok, partial, interrupted, failed,"
                + " unfinished");
    }
}
