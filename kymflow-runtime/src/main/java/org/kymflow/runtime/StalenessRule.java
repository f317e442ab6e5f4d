package org.kymflow.runtime;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.kymflow.api.Provenance;
import org.kymflow.zarr.ImageRows;

/**
 * The staleness rules, in the order they are asked: an image's answer is the first rule that applies, as a
 * build tool checks its inputs. Each rule gives one {@link StalenessReason} and the facts behind it, and can be
 * asked alone ({@code TestStalenessRules}); {@link Staleness} gathers the evidence once per image.
 */
enum StalenessRule {
    /** The last attempt with these params failed. */
    FAILED_ATTEMPT(StalenessReason.STALE_FAILED) {
        @Override
        String facts(Evidence e) {
            return e.marker().isPresent() && e.marker().get().isError() && Objects.equals(e.marker().get().attemptedParamsHash(), e.hash())
                    ? "the last attempt failed: " + e.marker().get().error() : null;
        }
    },
    /** Never computed: no rows and no marker. */
    NOTHING_STORED(StalenessReason.STALE_MISSING) {
        @Override
        String facts(Evidence e) {
            return e.rows() == null && e.marker().isEmpty() ? "no rows and no marker" : null;
        }
    },
    /** The rows (or the marker) were made by another analysis version. */
    VERSION_CHANGED(StalenessReason.STALE_VERSION_CHANGED) {
        @Override
        String facts(Evidence e) {
            String stored = e.storedVersion();
            return stored != null && !stored.isEmpty() && !e.version().equals(stored) ? "made by " + stored + ", now " + e.version() : null;
        }
    },
    /** The rows (or the marker) were made with other params, ROIs or header values. */
    PARAMS_CHANGED(StalenessReason.STALE_PARAMS_CHANGED) {
        @Override
        String facts(Evidence e) {
            String stored = e.storedHash();
            return stored != null && !stored.isEmpty() && !e.hash().equals(stored)
                    ? "params hash " + abbreviate(stored) + " stored, " + abbreviate(e.hash()) + " now (the hash covers the params, the ROIs"
                    + " and the header's values the analysis reads)" : null;
        }
    },
    /** No rows, and the marker is for other params or another version. */
    MARKER_FOR_OTHER_RUN(StalenessReason.STALE_MISSING) {
        @Override
        String facts(Evidence e) {
            return e.rows() == null && !e.marker().get().matches(e.hash(), e.version())
                    ? "no rows, and the marker is not for the current params" : null;
        }
    },
    /** The pixels were rewritten since the marker's run. */
    PIXELS_CHANGED(StalenessReason.STALE_PIXELS_CHANGED) {
        @Override
        String facts(Evidence e) {
            String then = e.marker().map(RunMarker::pixelsFingerprint).orElse(null);
            return then != null && !then.equals(e.fingerprint())
                    ? "pixels " + abbreviate(then) + " then, " + abbreviate(e.fingerprint()) + " now" : null;
        }
    },
    /**
     * Rows without a valid marker: nothing says which pixels, inputs or run they were made from (a deleted or
     * truncated marker, a kill between the table's rename and its markers), so they are never taken as fresh.
     */
    ROWS_WITHOUT_MARKER(StalenessReason.STALE_MARKER_TABLE_MISMATCH) {
        @Override
        String facts(Evidence e) {
            return e.marker().isEmpty() ? e.tableRows() + " rows in the table but no valid run marker analysis/"
                    + RunMarker.artifactName(e.indexer()) + ".json saying what they were made from" : null;
        }
    },
    /** An input analysis has other results for the image than when this one ran. */
    INPUTS_CHANGED(StalenessReason.STALE_INPUT_CHANGED) {
        @Override
        String facts(Evidence e) {
            return e.readsInputs() && !e.marker().get().inputs().equals(e.inputStamps())
                    ? "inputs " + e.marker().get().inputs() + " then, " + e.inputStamps() + " now" : null;
        }
    },
    /** The marker and the table disagree on the run or the row count. */
    MARKER_DISAGREES(StalenessReason.STALE_MARKER_TABLE_MISMATCH) {
        @Override
        String facts(Evidence e) {
            RunMarker m = e.marker().get();
            return !m.matches(e.hash(), e.version()) || m.rowCount() != e.tableRows()
                    ? "marker says " + m.rowCount() + " rows (" + m.status() + "), the table holds " + e.tableRows() : null;
        }
    },
    /** Up to date, and the analysis found nothing. */
    FOUND_NOTHING(StalenessReason.FRESH_ZERO_ROWS) {
        @Override
        String facts(Evidence e) {
            return e.rows() == null ? "the marker says the analysis found nothing" : null;
        }
    },
    /** Up to date. */
    UP_TO_DATE(StalenessReason.FRESH_ROWS) {
        @Override
        String facts(Evidence e) {
            return e.tableRows() + " rows with the current params and version";
        }
    };

    private final StalenessReason reason;

    StalenessRule(StalenessReason reason) {
        this.reason = reason;
    }

    /** @return the reason this rule gives when it applies */
    StalenessReason reason() {
        return reason;
    }

    /**
     * @param e what is known of the image; rules after {@link #NOTHING_STORED} may assume rows or a marker,
     *     and rules after {@link #ROWS_WITHOUT_MARKER} a marker
     * @return the facts when the rule applies, else null
     */
    abstract String facts(Evidence e);

    /** @return the first rule that applies, with its facts */
    static ImageStaleness judge(String imageId, Evidence e) {
        for (StalenessRule rule : values()) {
            String facts = rule.facts(e);
            if (facts != null) {
                return new ImageStaleness(imageId, rule.reason, facts, e.hash(), e.version(), e.tableRows());
            }
        }
        throw new IllegalStateException("the last staleness rule always applies");
    }

    private static String abbreviate(String hash) {
        return hash.length() > 12 ? hash.substring(0, 12) : hash;
    }

    /**
     * What is known of one image for one indexer.
     *
     * @param indexer the indexer's name
     * @param readsInputs whether the indexer reads other indexers' results
     * @param rows the image's rows in the indexer's table (count and stamps), or null when it has none
     * @param marker the indexer's valid run marker for the image, if any
     * @param hash the params hash the indexer would run with now
     * @param version the indexer's analysis version now
     * @param fingerprint the image's pixel fingerprint now
     * @param inputStamps what identifies each input's current results for the image
     */
    record Evidence(String indexer, boolean readsInputs, ImageRows rows, Optional<RunMarker> marker, String hash, String version,
                    String fingerprint, Map<String, String> inputStamps) {
        long tableRows() {
            return rows == null ? 0 : rows.rowCount();
        }

        /** The version the stored results were made with: the table's stamp, or the marker's when there are no rows. */
        String storedVersion() {
            return rows == null ? marker.map(RunMarker::analysisVersion).orElse(null) : rows.stamps().get(Provenance.ANALYSIS_VERSION);
        }

        /** The params hash the stored results were made with, as {@link #storedVersion}. */
        String storedHash() {
            return rows == null ? marker.map(RunMarker::paramsHash).orElse(null) : rows.stamps().get(Provenance.PARAMS_HASH);
        }
    }
}
