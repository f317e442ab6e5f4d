package org.kymflow.cli.common;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Ctrl-C or SIGTERM during a run: the JVM's shutdown hook asks the run to stop starting images and waits
 * (up to a minute) while it commits the images finished so far, so the next incremental run resumes
 * instead of starting over. Closing it (the run is over) lets the hook return at once.
 */
public final class Interruption implements AutoCloseable {
    private static final long GRACE_SECONDS = 60;
    private final AtomicBoolean requested = new AtomicBoolean();
    private final CountDownLatch finished = new CountDownLatch(1);
    private final Thread hook;

    private Interruption(String program) {
        hook = new Thread(() -> {
            requested.set(true);
            // Ctrl-C, SIGTERM, or a plugin that called System.exit: the run stops waiting for images in flight
            System.err.println(program + ": the process is ending (Ctrl-C, SIGTERM or a plugin's System.exit); committing the"
                    + " images finished so far (up to " + GRACE_SECONDS + " s)...");
            try {
                finished.await(GRACE_SECONDS, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt(); // the JVM is going down anyway; let it
            }
        }, "kymflow-interruption");
    }

    /**
     * Installs the shutdown hook for the length of a run.
     *
     * @param program the program's name, for the line it prints when the process is ending
     * @return the interruption; pass {@link #requested} as the run's cancellation, and close it when the run ends
     */
    public static Interruption install(String program) {
        Interruption interruption = new Interruption(program);
        Runtime.getRuntime().addShutdownHook(interruption.hook);
        return interruption;
    }

    /** @return whether the process is ending and the run should stop starting images */
    public boolean requested() {
        return requested.get();
    }

    /** The run is over: the hook, if running, returns at once; otherwise it is removed. */
    @Override
    public void close() {
        finished.countDown();
        if (!requested.get()) {
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException e) {
                // the JVM is already shutting down: the hook is running and returns now that we counted down
            }
        }
    }
}
