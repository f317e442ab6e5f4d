package org.kymflow.api.testing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.kymflow.api.BaseIndexer;
import org.kymflow.api.ImageRecordView;
import org.kymflow.api.IndexerProvider;
import org.kymflow.api.Provenance;
import org.kymflow.table.Table;

/**
 * The contract every indexer keeps, as one abstract JUnit suite (in the manner of N5's AbstractN5Test):
 * extend it with your provider and a few sample images, and the runtime's assumptions are checked
 * against your indexer. The built-ins and the example plugin run it.
 *
 * <p>Checked: a valid name equal to the provider's; rows and hashes deterministic across calls and
 * across indexer instances; the same rows when images are processed from several threads at once; no
 * provenance columns; never a null table; an image that gives zero rows gives a table, not an error;
 * pixels unchanged by extraction; a hash that changes when the ROIs do. For a derived indexer (one with
 * {@link BaseIndexer#inputs()}), the sample images must offer those inputs' rows (for example through
 * {@link TestingRecordView#withInputRows}); then also: inputs that are valid names, not the indexer's own and
 * not repeated, and a table (not an error) when every input found nothing for an image.
 */
public abstract class IndexerContract {
    /** @return the provider under test */
    protected abstract IndexerProvider provider();

    /** @return a few images the indexer gives rows for (2 or more, different from each other) */
    protected abstract List<ImageRecordView> images();

    /**
     * @return an image for which the indexer finds nothing (it must then return an empty table, not throw),
     *     or empty for an indexer that gives rows for every image
     */
    protected abstract Optional<ImageRecordView> zeroRowImage();

    /**
     * @param image one of {@link #images()}
     * @return the same image with other ROIs, whose hash must therefore differ
     */
    protected abstract ImageRecordView withOtherRois(ImageRecordView image);

    private BaseIndexer indexer() {
        return provider().create(provider().defaultParams());
    }

    @Test
    void theNameIsValidAndTheProvidersOwn() {
        BaseIndexer indexer = indexer();
        assertTrue(indexer.name().matches("[a-z][a-z0-9_]*"), indexer.name());
        assertEquals(provider().name(), indexer.name());
        assertFalse(indexer.analysisVersion() == null || indexer.analysisVersion().isBlank(), "analysisVersion is empty");
    }

    @Test
    void rowsAndHashesAreDeterministicAcrossCallsAndInstances() {
        BaseIndexer first = indexer();
        BaseIndexer second = indexer();
        for (ImageRecordView image : images()) {
            Table rows = first.extractRows(image);
            assertEquals(rows, first.extractRows(image), "rows of " + image.imageId() + " differ between two calls");
            assertEquals(rows, second.extractRows(image), "rows of " + image.imageId() + " differ between two instances");
            String hash = first.paramsHash(image);
            assertNotNull(hash);
            assertEquals(hash, second.paramsHash(image), "hash of " + image.imageId() + " differs between instances");
        }
    }

    @Test
    void rowsAreTheSameFromManyThreadsAtOnce() throws Exception {
        BaseIndexer indexer = indexer();
        List<ImageRecordView> images = images();
        List<Table> expected = new ArrayList<>();
        for (ImageRecordView image : images) {
            expected.add(indexer.extractRows(image));
        }
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<Table>> futures = new ArrayList<>();
            for (int round = 0; round < 4; round++) {
                for (ImageRecordView image : images) {
                    futures.add(pool.submit(() -> indexer.extractRows(image)));
                }
            }
            for (int i = 0; i < futures.size(); i++) {
                assertEquals(expected.get(i % images.size()), futures.get(i).get(), "a concurrent call gave other rows");
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void rowsCarryNoProvenanceColumnsAndAreNeverNull() {
        BaseIndexer indexer = indexer();
        for (ImageRecordView image : images()) {
            Table rows = indexer.extractRows(image);
            assertNotNull(rows, "extractRows returned null for " + image.imageId());
            assertTrue(rows.rowCount() > 0, "no rows for sample image " + image.imageId());
            for (String column : Provenance.COLUMNS) {
                assertFalse(rows.hasColumn(column), "rows carry the runtime's column " + column);
            }
        }
    }

    @Test
    void anImageWithNothingToFindGivesAnEmptyTable() {
        Optional<ImageRecordView> image = zeroRowImage();
        Assumptions.assumeTrue(image.isPresent(), provider().name() + " gives rows for every image");
        Table rows = indexer().extractRows(image.get());
        assertNotNull(rows);
        assertEquals(0, rows.rowCount());
    }

    @Test
    void extractionLeavesThePixelsAsTheyWere() {
        BaseIndexer indexer = indexer();
        for (ImageRecordView image : images()) {
            double[] before = image.pixels().toDoubleArray();
            indexer.extractRows(image);
            assertArrayEquals(before, image.pixels().toDoubleArray(), "pixels of " + image.imageId() + " changed");
        }
    }

    @Test
    void theHashFollowsTheRois() {
        BaseIndexer indexer = indexer();
        // a derived indexer sees ROI changes through its inputs' stamps, which the runtime keeps, not through its hash
        Assumptions.assumeTrue(indexer.inputs().isEmpty(), provider().name() + " reads other indexers' rows");
        ImageRecordView image = images().get(0);
        assertNotEquals(indexer.paramsHash(image), indexer.paramsHash(withOtherRois(image)),
                "the rows depend on the ROIs, so the hash must too");
    }

    @Test
    void inputsAreValidDistinctAndNotItsOwnName() {
        BaseIndexer indexer = indexer();
        List<String> inputs = indexer.inputs();
        assertNotNull(inputs, "inputs() returned null");
        assertEquals(inputs.size(), new java.util.HashSet<>(inputs).size(), "an input is listed twice: " + inputs);
        for (String input : inputs) {
            assertTrue(input.matches("[a-z][a-z0-9_]*"), "input name " + input);
            assertNotEquals(indexer.name(), input, "an indexer cannot read its own rows");
        }
    }

    @Test
    void inputsThatFoundNothingGiveATable() {
        BaseIndexer indexer = indexer();
        Assumptions.assumeFalse(indexer.inputs().isEmpty(), provider().name() + " reads no other indexer's rows");
        for (ImageRecordView image : images()) {
            Table rows = indexer.extractRows(new NoInputRows(image));
            assertNotNull(rows, "extractRows returned null for " + image.imageId() + " when its inputs found nothing");
        }
    }

    /** The image with every input's rows emptied (their columns kept), as when an input found nothing. */
    private static final class NoInputRows implements ImageRecordView {
        private final ImageRecordView image;

        NoInputRows(ImageRecordView image) {
            this.image = image;
        }

        @Override
        public String imageId() {
            return image.imageId();
        }

        @Override
        public List<String> axes() {
            return image.axes();
        }

        @Override
        public int[] shape() {
            return image.shape();
        }

        @Override
        public String dtype() {
            return image.dtype();
        }

        @Override
        public org.kymflow.api.Pixels pixels(long[] offset, int[] shape) {
            return image.pixels(offset, shape);
        }

        @Override
        public java.util.Map<String, Object> metadata() {
            return image.metadata();
        }

        @Override
        public List<org.kymflow.api.Roi> rois() {
            return image.rois();
        }

        @Override
        public Optional<Object> json(String name) {
            return image.json(name);
        }

        @Override
        public Optional<Table> table(String name) {
            return image.table(name);
        }

        @Override
        public List<String> analysisKeys() {
            return image.analysisKeys();
        }

        @Override
        public Table inputRows(String indexer) {
            return image.inputRows(indexer).filterRows(row -> false);
        }
    }
}
