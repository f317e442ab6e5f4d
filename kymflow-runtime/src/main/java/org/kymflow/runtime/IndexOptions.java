package org.kymflow.runtime;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.BooleanSupplier;

/**
 * Options of one {@link KymDataset#updateIndex} run. Immutable; make one with {@link #builder()}.
 *
 * @param mode REPLACE recomputes every selected image, INCREMENTAL only stale ones
 * @param parallelism the cores the run may use in total, an indexer's own parallel work included (at least 1)
 * @param progress told after each image
 * @param keepGoing whether a failing image is recorded and skipped (keeping its old rows) instead of failing the run
 * @param images the images to consider, or empty for all
 * @param cancelled polled between images; once true, no new image starts, and what finished is committed
 * @param commitInterval how often finished work is committed during a long run (a kill loses at most this much)
 * @param origin what the run log records about the indexer (params, origin, JAR hash)
 * @param engine where stale images are computed, or null for this process (see {@link ExtractionEngine})
 * @param imageTimeout the longest one image may compute in this process, or null for no limit: past it the
 *     image fails (the run too, without keep-going) and its thread is interrupted; an indexer that ignores
 *     interruption keeps its thread busy until the process ends, but the run goes on without it
 */
public record IndexOptions(UpdateMode mode, int parallelism, ProgressListener progress, boolean keepGoing,
                           Set<String> images, BooleanSupplier cancelled, Duration commitInterval, RunOrigin origin,
                           ExtractionEngine engine, Duration imageTimeout) {
    /**
     * Checks the values.
     *
     * @param mode see the record
     * @param parallelism see the record
     * @param progress see the record
     * @param keepGoing see the record
     * @param images see the record
     * @param cancelled see the record
     * @param commitInterval see the record
     * @param origin see the record
     * @param engine see the record
     * @param imageTimeout see the record
     */
    public IndexOptions {
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(progress, "progress");
        Objects.requireNonNull(cancelled, "cancelled");
        Objects.requireNonNull(commitInterval, "commitInterval");
        Objects.requireNonNull(origin, "origin");
        images = Set.copyOf(images);
        if (parallelism < 1) {
            throw new IllegalArgumentException("parallelism must be at least 1, was " + parallelism);
        }
        if (commitInterval.isNegative() || commitInterval.isZero()) {
            throw new IllegalArgumentException("commitInterval must be positive, was " + commitInterval);
        }
        if (imageTimeout != null && (imageTimeout.isNegative() || imageTimeout.isZero())) {
            throw new IllegalArgumentException("imageTimeout must be positive, was " + imageTimeout);
        }
    }

    /**
     * The options without a time limit per image (the form before it existed, kept for embedders).
     *
     * @param mode see above
     * @param parallelism see above
     * @param progress see above
     * @param keepGoing see above
     * @param images see above
     * @param cancelled see above
     * @param commitInterval see above
     * @param origin see above
     * @param engine see above
     */
    public IndexOptions(UpdateMode mode, int parallelism, ProgressListener progress, boolean keepGoing, Set<String> images,
                        BooleanSupplier cancelled, Duration commitInterval, RunOrigin origin, ExtractionEngine engine) {
        this(mode, parallelism, progress, keepGoing, images, cancelled, commitInterval, origin, engine, null);
    }

    /**
     * The options of a run in this process (the form before engines existed, kept for embedders).
     *
     * @param mode see above
     * @param parallelism see above
     * @param progress see above
     * @param keepGoing see above
     * @param images see above
     * @param cancelled see above
     * @param commitInterval see above
     * @param origin see above
     */
    public IndexOptions(UpdateMode mode, int parallelism, ProgressListener progress, boolean keepGoing, Set<String> images,
                        BooleanSupplier cancelled, Duration commitInterval, RunOrigin origin) {
        this(mode, parallelism, progress, keepGoing, images, cancelled, commitInterval, origin, null, null);
    }

    /** @return REPLACE, all images, one thread per available processor, fail-fast, commits every 5 minutes */
    public static IndexOptions defaults() {
        return builder().build();
    }

    /** @return a builder starting from the defaults */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * What the run log records about where an indexer came from.
     *
     * @param params the params it was created with
     * @param origin "built-in" or the plugin JAR's path
     * @param jarSha256 the plugin JAR's SHA-256, or null
     */
    public record RunOrigin(Map<String, Object> params, String origin, String jarSha256) {
        /** Nothing known: an indexer made by the embedder. */
        public static final RunOrigin UNKNOWN = new RunOrigin(Map.of(), "embedded", null);

        /**
         * Checks and copies the arguments.
         *
         * @param params see the record
         * @param origin see the record
         * @param jarSha256 see the record
         */
        public RunOrigin {
            params = Map.copyOf(params);
            Objects.requireNonNull(origin, "origin");
        }
    }

    /** Builds {@link IndexOptions}. */
    public static final class Builder {
        private UpdateMode mode = UpdateMode.REPLACE;
        private int parallelism = Runtime.getRuntime().availableProcessors();
        private ProgressListener progress = ProgressListener.NONE;
        private boolean keepGoing;
        private Set<String> images = Set.of();
        private BooleanSupplier cancelled = () -> false;
        private Duration commitInterval = Duration.ofMinutes(5);
        private RunOrigin origin = RunOrigin.UNKNOWN;
        private ExtractionEngine engine;
        private Duration imageTimeout;

        private Builder() {
        }

        /**
         * @param imageTimeout the longest one image may compute in this process (null: no limit)
         * @return this builder
         */
        public Builder imageTimeout(Duration imageTimeout) {
            this.imageTimeout = imageTimeout;
            return this;
        }

        /**
         * @param mode the update mode
         * @return this builder
         */
        public Builder mode(UpdateMode mode) {
            this.mode = mode;
            return this;
        }

        /**
         * @param parallelism cores used in total
         * @return this builder
         */
        public Builder parallelism(int parallelism) {
            this.parallelism = parallelism;
            return this;
        }

        /**
         * @param progress the listener
         * @return this builder
         */
        public Builder progress(ProgressListener progress) {
            this.progress = progress;
            return this;
        }

        /**
         * @param keepGoing whether failing images are recorded and skipped
         * @return this builder
         */
        public Builder keepGoing(boolean keepGoing) {
            this.keepGoing = keepGoing;
            return this;
        }

        /**
         * @param images the images to consider (empty: all)
         * @return this builder
         */
        public Builder images(Set<String> images) {
            this.images = images;
            return this;
        }

        /**
         * @param cancelled polled between images
         * @return this builder
         */
        public Builder cancelled(BooleanSupplier cancelled) {
            this.cancelled = cancelled;
            return this;
        }

        /**
         * @param commitInterval how often finished work is committed
         * @return this builder
         */
        public Builder commitInterval(Duration commitInterval) {
            this.commitInterval = commitInterval;
            return this;
        }

        /**
         * @param origin what the run log records about the indexer
         * @return this builder
         */
        public Builder origin(RunOrigin origin) {
            this.origin = origin;
            return this;
        }

        /**
         * @param engine where stale images are computed (null: in this process)
         * @return this builder
         */
        public Builder engine(ExtractionEngine engine) {
            this.engine = engine;
            return this;
        }

        /** @return the options */
        public IndexOptions build() {
            return new IndexOptions(mode, parallelism, progress, keepGoing, images, cancelled, commitInterval, origin, engine,
                    imageTimeout);
        }
    }
}
