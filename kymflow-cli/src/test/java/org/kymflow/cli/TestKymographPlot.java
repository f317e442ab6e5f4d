package org.kymflow.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import java.awt.Color;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kymflow.api.Roi;
import org.kymflow.builtin.synthetic.SyntheticKymograph;
import org.kymflow.runtime.DatasetReader;
import org.kymflow.runtime.Rois;
import org.kymflow.viewer.KymographPlot;
import org.kymflow.zarr.NdArray;
import org.kymflow.zarr.OpenMode;
import org.kymflow.zarr.ZarrDataset;
import org.kymflow.zarr.ZarrImageRecord;

/** The picture itself: its size, ROI outlines where the ROIs are, nothing drawn past its edges; SVG too. */
class TestKymographPlot {
    @TempDir
    Path tmp;

    @Test
    void roiOutlinesAreWhereTheRoisAreAndNothingOverflows() throws Exception {
        Path root = tmp.resolve("d.zarr");
        String id;
        double delt = 0.001;
        double delx = 0.3;
        try (ZarrDataset ds = ZarrDataset.open(root, OpenMode.WRITE)) {
            ZarrImageRecord rec = ds.addImage(NdArray.ofUint16(SyntheticKymograph.draw(3000, 40, 2.0, 12, 1), 3000, 40));
            rec.saveMetadataPayload(Map.of("header", Map.of("voxels", List.of(delt, delx)),
                    "rois", List.of(Rois.toEnvelope(new Roi(4, 1, 0, 10, 30, 500, 2500)))));
            id = rec.imageId();
        }
        assertEquals(0, TestCli.kymflow("index", root, "velocity_events").code());
        Path png = tmp.resolve("plot.png");
        KymographPlot.Rendered r;
        try (DatasetReader ds = DatasetReader.open(root)) {
            r = KymographPlot.plot(ds, id, KymographPlot.View.of(null, null, false), Map.of(), png);
        }
        BufferedImage image = ImageIO.read(png.toFile());
        assertEquals(KymographPlot.WIDTH, image.getWidth());
        assertEquals(r.height(), image.getHeight());
        Rectangle2D area = r.kymographArea();
        // the ROI's corners in pixels of the picture: time 0.5..2.5 s across, space 3..9 um down
        int left = (int) Math.round(area.getX() + (0.5 - r.timeFrom()) / (r.timeTo() - r.timeFrom()) * area.getWidth());
        int right = (int) Math.round(area.getX() + (2.5 - r.timeFrom()) / (r.timeTo() - r.timeFrom()) * area.getWidth());
        int top = (int) Math.round(area.getY() + 3.0 / r.spaceTo() * area.getHeight());
        int bottom = (int) Math.round(area.getY() + 9.0 / r.spaceTo() * area.getHeight());
        int middleY = (top + bottom) / 2;
        int middleX = (left + right) / 2;
        assertTrue(outlineNear(image, left, middleY), "left edge of the ROI at x=" + left);
        assertTrue(outlineNear(image, right, middleY), "right edge at x=" + right);
        assertTrue(outlineNear(image, middleX, top), "top edge at y=" + top);
        assertTrue(outlineNear(image, middleX, bottom), "bottom edge at y=" + bottom);
        assertTrue(!outlineNear(image, (left + middleX) / 2, middleY), "no outline inside the ROI");
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = image.getWidth() - 3; x < image.getWidth(); x++) {
                assertEquals(Color.WHITE.getRGB(), image.getRGB(x, y), "something is drawn past the right edge at y=" + y);
            }
        }
        Path svg = tmp.resolve("plot.svg");
        assertEquals(0, TestCli.kymflow("plot", root, id.substring(0, 8), "-o", svg, "--from", "1", "--to", "1.2").code());
        String doc = Files.readString(svg);
        assertTrue(doc.startsWith("<svg") || doc.startsWith("<?xml"), doc.substring(0, 40));
        assertTrue(doc.contains("ROI 4") && doc.contains("time (s)"), "labelled (vertical axis labels are drawn as shapes)");
        Path all = tmp.resolve("all");
        assertEquals(0, TestCli.kymflow("plot", root, "--all", "-o", all).code());
        try (var files = Files.list(all)) {
            assertEquals(1, files.count());
        }
    }

    private static boolean outlineNear(BufferedImage image, int x, int y) {
        for (int dx = -2; dx <= 2; dx++) {
            for (int dy = -2; dy <= 2; dy++) {
                Color c = new Color(image.getRGB(x + dx, y + dy));
                Color roi = KymographPlot.ROI_COLOUR;
                if (Math.abs(c.getRed() - roi.getRed()) < 40 && Math.abs(c.getGreen() - roi.getGreen()) < 40
                        && Math.abs(c.getBlue() - roi.getBlue()) < 60) {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * The real capillary as a lab plots it: each velocity panel's range comes from its data (the clean
     * traces near -1.2 mm/s are not squashed against zero), --shared-y gives all panels one range, ROI labels
     * in a zoom that clips two ROIs to the same corner are drawn apart, and the legend names the event types
     * drawn. docs/capillary-*.png are these plots; they were looked at.
     */
    @Test
    void theRealCapillaryPlotsWithDataRangesSeparateLabelsAndALegend() throws Exception {
        Path data = TestCli.sharedData();
        Path ds = tmp.resolve("cap.zarr");
        assertEquals(0, TestCli.kymflow("ingest", ds, TestCli.capillaryFolder(data, tmp.resolve("cap"))).code());
        assertEquals(0, TestCli.kymflow("index", ds, "velocity_events").code());
        try (DatasetReader dataset = DatasetReader.open(ds)) {
            String id = dataset.imageIds().get(0);
            KymographPlot.Rendered whole = KymographPlot.plot(dataset, id, KymographPlot.View.of(null, null, false), Map.of(), tmp.resolve("whole.png"));
            assertEquals(3, whole.traceRanges().size());
            double[] roi3 = whole.traceRanges().get(2);
            assertTrue(roi3[0] > -2.5 && roi3[0] < -1.2 && roi3[1] < 0.5, "from the data: " + java.util.Arrays.toString(roi3));
            assertEquals(List.of("baseline_drop", "baseline_rise"), whole.legend());
            KymographPlot.Rendered zoom = KymographPlot.plot(dataset, id, KymographPlot.View.of(12.0, 13.0, true), Map.of(), tmp.resolve("zoom.png"));
            double[] first = zoom.traceRanges().get(0);
            for (double[] range : zoom.traceRanges()) {
                assertEquals(first[0], range[0], 0.0, "one shared range");
                assertEquals(first[1], range[1], 0.0);
            }
            List<double[]> labels = zoom.roiLabels();
            assertEquals(3, labels.size());
            for (int a = 0; a < labels.size(); a++) {
                for (int b = a + 1; b < labels.size(); b++) {
                    boolean apart = Math.abs(labels.get(a)[0] - labels.get(b)[0]) > 1e-9 || Math.abs(labels.get(a)[1] - labels.get(b)[1]) > 1e-9;
                    assertTrue(apart, "ROI labels " + a + " and " + b + " on one spot");
                }
            }
        }
    }

    /**
     * A view as the viewer's page has it: a space range (only its pixels, its ROIs clipped, the axis on it),
     * a colour map (the kymograph's pixels are the map's colours), from the library and from the command line.
     */
    @Test
    void aSpaceRangeAndAColourMapDrawOnlyThosePixelsInThoseColours() throws Exception {
        Path data = TestCli.sharedData();
        Path ds = tmp.resolve("cap.zarr");
        assertEquals(0, TestCli.kymflow("ingest", ds, TestCli.capillaryFolder(data, tmp.resolve("cap"))).code());
        assertEquals(0, TestCli.kymflow("index", ds, "radon").code());
        try (DatasetReader dataset = DatasetReader.open(ds)) {
            String id = dataset.imageIds().get(0);
            double um = dataset.imageFacts(id).scale().orElseThrow().delx();
            // pixels 10 to 20, given as the page gives them: pixel * um per pixel
            KymographPlot.View view = new KymographPlot.View(12.0, 12.5, 10 * um, 20 * um, false, "viridis");
            Path png = tmp.resolve("band.png");
            KymographPlot.Rendered r = KymographPlot.plot(dataset, id, view, Map.of(), png);
            assertEquals(20 * um, r.spaceTo(), 1e-9, "the axis ends at pixel 20, not one past it");
            java.awt.image.BufferedImage img = javax.imageio.ImageIO.read(png.toFile());
            java.awt.geom.Rectangle2D area = r.kymographArea();
            java.util.Set<Integer> viridis = viridisColours();
            int inMap = 0;
            int seen = 0;
            for (int x = (int) area.getMinX() + 3; x < area.getMaxX() - 3; x += 7) {
                for (int y = (int) area.getMinY() + 3; y < area.getMaxY() - 3; y += 5) {
                    seen++;
                    if (viridis.contains(img.getRGB(x, y) & 0xffffff)) {
                        inMap++;
                    }
                }
            }
            assertTrue(inMap > seen * 0.9, inMap + " of " + seen + " kymograph pixels are viridis colours (ROI outlines the rest)");
            IllegalArgumentException none = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                    () -> KymographPlot.plot(dataset, id, new KymographPlot.View(null, null, 50.0, 60.0, false, "gray"), Map.of(),
                            tmp.resolve("none.png")));
            assertTrue(none.getMessage().startsWith("the space range 50.0 .. 60.0 µm holds no pixel of the image (38 pixels"), none.getMessage());
        }
        TestCli.Run cli = TestCli.kymflow("plot", ds, "Capillary1_0001", "--from", "12", "--to", "12.5", "--space-from", "2", "--space-to", "6",
                "--colours", "magma", "-o", tmp.resolve("cli.svg"));
        assertEquals(0, cli.code(), cli.err());
        TestCli.Run jet = TestCli.kymflow("plot", ds, "Capillary1_0001", "--colours", "jet", "-o", tmp.resolve("jet.png"));
        assertEquals(1, jet.code());
        assertEquals("kymflow: no colour map 'jet'; choose one of gray, gray_r, viridis, inferno, magma, plasma", jet.err().strip());
    }

    /** matplotlib's viridis as the viewer's JAR lists it (colour-maps.txt: a name, then 16 lines of 16 hex colours). */
    private static java.util.Set<Integer> viridisColours() throws java.io.IOException {
        java.util.Set<Integer> out = new java.util.HashSet<>();
        try (java.io.InputStream in = KymographPlot.class.getResourceAsStream("colour-maps.txt")) {
            List<String> lines = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.US_ASCII).lines().toList();
            int at = lines.indexOf("viridis");
            for (String line : lines.subList(at + 1, at + 17)) {
                for (String hex : line.split(" ")) {
                    out.add(Integer.parseInt(hex, 16));
                }
            }
        }
        assertTrue(out.size() > 250, "256 colours, a few alike after rounding to 8 bits: " + out.size());
        return out;
    }
}
