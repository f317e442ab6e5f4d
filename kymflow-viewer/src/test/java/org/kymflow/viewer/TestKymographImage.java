package org.kymflow.viewer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.awt.image.BufferedImage;
import org.junit.jupiter.api.Test;
import org.kymflow.zarr.NdArray;
import org.kymflow.zarr.ZarrDataset;
import org.kymflow.zarr.ZarrImageRecord;

/** Rendering a kymograph range: time across, space down, lines averaged per column, contrast clamped. */
class TestKymographImage {
    /** 6 lines x 2 pixels: line i has values (10 i, 100). */
    private static ZarrImageRecord sixLines(ZarrDataset ds) {
        short[] px = new short[12];
        for (int line = 0; line < 6; line++) {
            px[line * 2] = (short) (10 * line);
            px[line * 2 + 1] = 100;
        }
        return ds.addImage(NdArray.ofUint16(px, 6, 2));
    }

    private static int grey(BufferedImage img, int x, int y) {
        return img.getRaster().getSample(x, y, 0);
    }

    @Test
    void timeRunsAcrossAndLinesAreAveragedPerColumn() {
        try (ZarrDataset ds = ZarrDataset.inMemory()) {
            BufferedImage img = KymographImage.render(sixLines(ds), 0, 6, 3, 0, 100);
            assertEquals(3, img.getWidth());
            assertEquals(2, img.getHeight());
            // column c averages lines 2c and 2c+1: (20c + 5) on pixel 0, scaled 0..100 -> 0..255
            for (int c = 0; c < 3; c++) {
                assertEquals(Math.round((20.0 * c + 5) / 100 * 255), grey(img, c, 0), "column " + c);
                assertEquals(255, grey(img, c, 1));
            }
        }
    }

    @Test
    void aNarrowRangeGetsOneColumnPerLineAndContrastClamps() {
        try (ZarrDataset ds = ZarrDataset.inMemory()) {
            BufferedImage img = KymographImage.render(sixLines(ds), 2, 5, 1000, 25, 35);
            assertEquals(3, img.getWidth(), "lines 2, 3, 4");
            assertArrayEquals(new int[] {0, 128, 255}, new int[] {grey(img, 0, 0), grey(img, 1, 0), grey(img, 2, 0)});
        }
    }

    @Test
    void defaultContrastIsARobustRangeOfThePixels() {
        try (ZarrDataset ds = ZarrDataset.inMemory()) {
            double[] c = KymographImage.contrast(sixLines(ds));
            assertEquals(0, c[2]);
            assertEquals(100, c[3]);
            assertEquals(0.0 + 0.005 * 11 * 10 / 1, c[0], 1e-9, "0.5th percentile of {0,10,..,50,100 x6}");
            assertEquals(100, c[1], 1e-9);
        }
    }

    @Test
    void onlyTwoDimensionalImagesAreShown() {
        try (ZarrDataset ds = ZarrDataset.inMemory()) {
            ZarrImageRecord cube = ds.addImage(NdArray.ofUint16(new short[8], 2, 2, 2));
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> KymographImage.shape2d(cube));
            assertEquals("image " + cube.imageId() + " has shape [2, 2, 2]; the viewer shows 2-D kymographs (time, space)", e.getMessage());
        }
    }
}
