package org.kymflow.runtime;

import java.util.Optional;
import java.util.ResourceBundle;
import java.util.function.BooleanSupplier;
import org.kymflow.api.IndexerContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link IndexerContext} a run hands an indexer for one image: cancelled when the run stops or gives
 * up on the image, a logger that goes to SLF4J (the API sees only the JDK, so it speaks
 * {@link System.Logger}), and the image's file name.
 */
final class RunContext implements IndexerContext {
    private final BooleanSupplier cancelled;
    private final System.Logger logger;
    private final String fileName;

    RunContext(String indexer, String fileName, BooleanSupplier cancelled) {
        this.cancelled = cancelled;
        this.logger = new Slf4jLogger(LoggerFactory.getLogger("kymflow.indexer." + indexer));
        this.fileName = fileName;
    }

    @Override
    public boolean isCancelled() {
        return cancelled.getAsBoolean() || Thread.currentThread().isInterrupted();
    }

    @Override
    public System.Logger logger() {
        return logger;
    }

    @Override
    public Optional<String> fileName() {
        return Optional.ofNullable(fileName);
    }

    /** A {@link System.Logger} over an SLF4J logger, the host's logging. */
    private record Slf4jLogger(Logger slf4j) implements System.Logger {
        @Override
        public String getName() {
            return slf4j.getName();
        }

        @Override
        public boolean isLoggable(Level level) {
            return switch (level) {
                case ALL, TRACE -> slf4j.isTraceEnabled();
                case DEBUG -> slf4j.isDebugEnabled();
                case INFO -> slf4j.isInfoEnabled();
                case WARNING -> slf4j.isWarnEnabled();
                case ERROR -> slf4j.isErrorEnabled();
                case OFF -> false;
            };
        }

        @Override
        public void log(Level level, ResourceBundle bundle, String msg, Throwable thrown) {
            switch (level) {
                case ALL, TRACE -> slf4j.trace(msg, thrown);
                case DEBUG -> slf4j.debug(msg, thrown);
                case INFO -> slf4j.info(msg, thrown);
                case WARNING -> slf4j.warn(msg, thrown);
                case ERROR -> slf4j.error(msg, thrown);
                case OFF -> { }
            }
        }

        @Override
        public void log(Level level, ResourceBundle bundle, String format, Object... params) {
            if (isLoggable(level)) {
                log(level, bundle, params == null || params.length == 0 ? format
                        : java.text.MessageFormat.format(format, params), (Throwable) null);
            }
        }
    }
}
