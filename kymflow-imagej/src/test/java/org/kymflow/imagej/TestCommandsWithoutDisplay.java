package org.kymflow.imagej;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ij.gui.OvalRoi;
import ij.gui.Roi;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kymflow.runtime.DatasetReader;
import org.kymflow.runtime.DatasetWriter;
import org.kymflow.zarr.DatasetLockedException;

/** The plugin's classes on the real capillary, without a display: what each command does to the dataset. */
class TestCommandsWithoutDisplay {
    @TempDir
    Path tmp;

    @Test
    void theCapillaryOpensCalibratedWithItsRois() throws Exception {
        Path ds = SharedCapillary.dataset(tmp);
        ImageOpener.Opened opened = ImageOpener.open(ds, "Capillary1_0001");
        assertEquals("Capillary1_0001.tif", opened.image().getTitle());
        assertEquals(38, opened.image().getWidth(), "space across");
        assertEquals(30000, opened.image().getHeight(), "time down");
        assertEquals(16, opened.image().getBitDepth());
        assertEquals(0.284, opened.image().getCalibration().pixelWidth, 1e-12);
        assertEquals(0.0011699666666666, opened.image().getCalibration().pixelHeight, 1e-12);
        assertEquals("s", opened.image().getCalibration().getYUnit());
        assertEquals(List.of("roi 1", "roi 2", "roi 3"), opened.rois().stream().map(Roi::getName).toList());
        assertEquals(new java.awt.Rectangle(9, 7500, 19, 15000), opened.rois().get(1).getBounds());
        assertEquals("velocity", opened.rois().get(0).getProperty("kind"));
        assertTrue(((String) opened.image().getProperty("Info")).contains("image_id: "));
        try (DatasetReader reader = DatasetReader.open(ds)) {
            short[] px = (short[]) opened.image().getProcessor().getPixels();
            assertEquals(reader.storage().record(reader.imageIds().get(0)).loadArray().getDouble(38 * 100 + 5), px[38 * 100 + 5] & 0xffff);
        }
    }

    @Test
    void savedRoisKeepTheirIdsAndNewOnesGetNewIds() throws Exception {
        Path ds = SharedCapillary.dataset(tmp);
        ImageOpener.Opened opened = ImageOpener.open(ds, "Capillary1_0001");
        String id = opened.image().getProp(Commands.IMAGE_ID);
        Roi moved = opened.rois().get(1);
        moved.setLocation(10, 7500);
        Roi drawn = new Roi(2, 100, 20, 5000);
        drawn.setProperty("kind", "diameter");
        assertEquals(3, SaveRois.save(ds, id, new Roi[] {opened.rois().get(0), moved, drawn}), "ROI 3 removed, one drawn");
        try (DatasetReader reader = DatasetReader.open(ds)) {
            List<Object> rois = reader.imageFacts(id).rois();
            assertEquals(List.of(1, 2, 4), rois.stream().map(o -> ((Number) ((Map<?, ?>) o).get("roi_id")).intValue()).toList());
            assertEquals(10, ((Map<?, ?>) ((Map<?, ?>) rois.get(1)).get("data")).get("x0"));
            assertEquals("diameter", ((Map<?, ?>) rois.get(2)).get("kind"));
            assertEquals("rois", reader.editLog().get(0).get("what"));
        }
        IllegalArgumentException oval = assertThrows(IllegalArgumentException.class,
                () -> SaveRois.save(ds, id, new Roi[] {new OvalRoi(1, 1, 5, 5)}));
        assertTrue(oval.getMessage().contains("rectangles"), oval.getMessage());
        try (DatasetWriter other = DatasetWriter.open(ds)) {
            assertThrows(DatasetLockedException.class, () -> SaveRois.save(ds, id, new Roi[0]), "refused while another writer holds it");
        }
    }

    @Test
    void paramsAreSavedToTheDatasetAndBrowsingListsStates() throws Exception {
        Path ds = SharedCapillary.dataset(tmp);
        org.kymflow.runtime.IndexerCatalog catalog = org.kymflow.runtime.IndexerCatalog.discover(List.of(), false);
        SetParameters.save(ds, catalog, "radon", Map.of("window_size", 32L, "outlier_std", 2.0, "refine", false));
        try (DatasetReader reader = DatasetReader.open(ds)) {
            assertEquals(Map.of("window_size", 32), reader.config().paramsFor("radon"), "only what differs from the defaults");
        }
        assertThrows(IllegalArgumentException.class, () -> SetParameters.save(ds, catalog, "radon", Map.of("window_size", 30L)));
        // what the dialog's fields give: ImageJ's NaN for text, and a fraction where a whole number is due, are refused
        assertEquals(32L, SetParameters.whole("radon", "window_size", 32.0));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> SetParameters.whole("radon", "window_size", 32.5)).getMessage()
                .contains("'window_size' must be a whole number, was 32.5"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> SetParameters.number("radon", "outlier_std", Double.NaN)).getMessage()
                .contains("'outlier_std' must be a number"));
        BrowseDataset.Listing listing = BrowseDataset.table(ds);
        assertEquals(List.of("Capillary1_0001.tif"), listing.files());
        assertEquals("stale_missing", listing.table().getStringValue("radon", 0));
        assertEquals(3.0, listing.table().getValue("rois", 0));
    }
}
