package org.kymflow.cli;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Ctrl-C or SIGTERM during a run: the JVM's shutdown hook asks the run to stop starting images and waits
 * (up to a minute) while it commits the images finished so far, so the next incremental run resumes
 * instead of starting over. Closing it (the run is over) lets the hook return at once.
 */
final class Interruption implements AutoCloseable {
    private static final long GRACE_SECONDS = 60;
    private final AtomicBoolean requested = new AtomicBoolean();
    private final CountDownLatch finished = new CountDownLatch(1);
    private final Thread hook;

    private Interruption() {
        hook = new Thread(() -> {
            requested.set(true);
            // Ctrl-C, SIGTERM, or a plugin that called System.exit: the run stops waiting for images in flight
            System.err.println("kymflow: the process is ending (Ctrl-C, SIGTERM or a plugin's System.exit); committing the"
                    + " images finished so far (up to " + GRACE_SECONDS + " s)...");
            try {
                finished.await(GRACE_SECONDS, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt(); // the JVM is going down anyway; let it
            }
        }, "kymflow-interruption");
    }

    static Interruption install() {
        Interruption interruption = new Interruption();
        Runtime.getRuntime().addShutdownHook(interruption.hook);
        return interruption;
    }

    boolean requested() {
        return requested.get();
    }

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
