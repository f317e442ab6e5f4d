package org.kymflow.zarr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Reads a dataset that python3-zarr 2.13 wrote (src/test/python/write_kymflow_dataset.py --small) and
 * that is committed under src/test/resources: the format stays readable on machines without Python, and a
 * change that breaks old datasets fails here.
 */
class TestCommittedPythonDataset {
    @Test
    @SuppressWarnings("unchecked")
    void aCommittedPythonWrittenDatasetReadsValueForValue() throws URISyntaxException {
        Path root = Path.of(TestCommittedPythonDataset.class.getResource("/python-written/small.zarr").toURI());
        try (ZarrDataset ds = ZarrDataset.open(root, OpenMode.READ)) {
            assertEquals(List.of(), ds.validate());
            List<ZarrImageRecord> byCreation = ds.iterRecords(OrderBy.CREATED);
            assertEquals(2, byCreation.size());
            ZarrImageRecord kymograph = byCreation.get(0);
            assertEquals(TestPythonInterop.formulaArray(DType.UINT16, new int[] {30, 8}, 0), kymograph.loadArray());
            assertEquals(List.of("y", "x"), kymograph.axes());
            ZarrImageRecord stack = byCreation.get(1);
            assertEquals(TestPythonInterop.formulaArray(DType.UINT8, new int[] {2, 6, 5}, 1), stack.loadArray());
            assertEquals(List.of("z", "y", "x"), stack.axes());
            assertEquals(Map.of("legacy", true, "k", 1), stack.loadJson("legacy"));
            Map<String, Object> meta = kymograph.loadMetadataPayload();
            assertTrue(((Map<String, Object>) meta.get("experiment_metadata")).get("note").equals("ünïcode ✓"));
        }
    }
}
