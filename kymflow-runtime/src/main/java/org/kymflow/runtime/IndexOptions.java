package org.kymflow.runtime;

import java.util.Objects;

/**
 * Options of one {@link KymDataset#updateIndex} run. Immutable; make one with {@link #builder()}.
 *
 * @param mode the update mode
 * @param parallelism how many images are processed at once (at least 1)
 * @param progress told after each image
 */
public record IndexOptions(UpdateMode mode, int parallelism, ProgressListener progress) {
    /**
     * Checks the values.
     *
     * @param mode the update mode
     * @param parallelism how many images are processed at once (at least 1)
     * @param progress told after each image
     */
    public IndexOptions {
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(progress, "progress");
        if (parallelism < 1) {
            throw new IllegalArgumentException("parallelism must be at least 1, was " + parallelism);
        }
    }

    /** @return REPLACE, one thread per available processor, no progress listener */
    public static IndexOptions defaults() {
        return builder().build();
    }

    /** @return a builder starting from the defaults */
    public static Builder builder() {
        return new Builder();
    }

    /** Builds {@link IndexOptions}. */
    public static final class Builder {
        private UpdateMode mode = UpdateMode.REPLACE;
        private int parallelism = Runtime.getRuntime().availableProcessors();
        private ProgressListener progress = ProgressListener.NONE;

        private Builder() {
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
         * @param parallelism images processed at once
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

        /** @return the options */
        public IndexOptions build() {
            return new IndexOptions(mode, parallelism, progress);
        }
    }
}
