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

    /** A grey level as written (getRGB would convert a grey image's linear levels to sRGB). */
    private static int grey(BufferedImage img, int x, int y) {
        assertEquals(BufferedImage.TYPE_BYTE_GRAY, img.getType(), "grey maps are written one byte per pixel");
        return img.getRaster().getSample(x, y, 0);
    }

    @Test
    void timeRunsAcrossAndLinesAreAveragedPerColumn() {
        try (ZarrDataset ds = ZarrDataset.inMemory()) {
            BufferedImage img = KymographImage.render(sixLines(ds), 0, 6, 0, 2, 3, KymographImage.Look.grey(0, 100));
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
            BufferedImage img = KymographImage.render(sixLines(ds), 2, 5, 0, 2, 1000, KymographImage.Look.grey(25, 35));
            assertEquals(3, img.getWidth(), "lines 2, 3, 4");
            assertArrayEquals(new int[] {0, 128, 255}, new int[] {grey(img, 0, 0), grey(img, 1, 0), grey(img, 2, 0)});
        }
    }

    @Test
    void defaultContrastIsARobustRangeOfThePixels() {
        try (ZarrDataset ds = ZarrDataset.inMemory()) {
            KymographImage.Contrast c = KymographImage.contrast(sixLines(ds));
            assertEquals(0, c.min());
            assertEquals(100, c.max());
            assertEquals(0.0 + 0.005 * 11 * 10 / 1, c.lo(), 1e-9, "0.5th percentile of {0,10,..,50,100 x6}");
            assertEquals(100, c.hi(), 1e-9);
            // 128 bins of 100/128: 0, 10, ..., 50 fall in bins 0, 12, 25, 38, 51, 64 and the six 100s in the last
            long[] h = c.histogram();
            assertEquals(KymographImage.HISTOGRAM_BINS, h.length);
            assertEquals(12, java.util.Arrays.stream(h).sum());
            for (int v = 0; v <= 50; v += 10) {
                assertEquals(1, h[(int) (v / (100.0 / 128))], "value " + v);
            }
            assertEquals(6, h[127]);
        }
    }

    @Test
    void aSpaceRangeGivesOnlyThosePixels() {
        try (ZarrDataset ds = ZarrDataset.inMemory()) {
            BufferedImage img = KymographImage.render(sixLines(ds), 0, 6, 1, 2, 6, KymographImage.Look.grey(0, 100));
            assertEquals(6, img.getWidth());
            assertEquals(1, img.getHeight(), "pixel 1 only");
            for (int c = 0; c < 6; c++) {
                assertEquals(255, grey(img, c, 0), "pixel 1 is 100 on every line");
            }
        }
    }

    @Test
    void colourMapsAndTheLogScaleMapLevelsAsMatplotlibAndLog1pDo() {
        try (ZarrDataset ds = ZarrDataset.inMemory()) {
            ZarrImageRecord rec = sixLines(ds);
            BufferedImage viridis = KymographImage.render(rec, 0, 6, 0, 2, 6, new KymographImage.Look(0, 100, ColourMap.VIRIDIS, false));
            // matplotlib's viridis(0.0) and viridis(1.0), and level round(20/100*255) = 51: viridis(51/255)
            assertEquals(0x440154, viridis.getRGB(0, 0) & 0xffffff);
            assertEquals(0xfde725, viridis.getRGB(0, 1) & 0xffffff);
            assertEquals(0x414487, viridis.getRGB(2, 0) & 0xffffff);
            BufferedImage inverted = KymographImage.render(rec, 0, 6, 0, 2, 6, new KymographImage.Look(0, 100, ColourMap.GRAY_R, false));
            assertEquals(0xffffff, inverted.getRGB(0, 0) & 0xffffff, "0 is white on inverted grey");
            BufferedImage log = KymographImage.render(rec, 0, 6, 0, 2, 6, new KymographImage.Look(0, 100, ColourMap.GRAY, true));
            for (int line = 0; line < 6; line++) {
                long level = Math.round(Math.log1p(10.0 * line) / Math.log1p(100) * 255);
                assertEquals(level, grey(log, line, 0), "line " + line + ": log1p(v - lo) / log1p(hi - lo)");
            }
            assertEquals(255, grey(log, 0, 1));
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ColourMap.fromKey("jet"));
        assertEquals("no colour map 'jet'; choose one of gray, gray_r, viridis, inferno, magma, plasma", e.getMessage());
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
