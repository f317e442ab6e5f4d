package org.kymflow.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kymflow.runtime.DatasetReader;
import org.kymflow.runtime.IndexPlan;
import org.kymflow.runtime.IndexerCatalog;
import org.kymflow.table.Table;
import org.kymflow.table.TableCsv;
import org.kymflow.viewer.KymViewer;
import org.kymflow.viewer.KymographPlot;
import org.openqa.selenium.By;
import org.openqa.selenium.chrome.ChromeDriver;

/** The shared cross-section scan's diameter where a lab looks: the plot (walls and a panel) and the viewer (API and page). */
class TestDiameterViews {
    @TempDir
    Path tmp;

    private Path measured() throws Exception {
        Path folder = Files.createDirectories(tmp.resolve("cross"));
        for (String ext : new String[] {".tif", ".txt", ".json"}) {
            Files.copy(TestCli.sharedData().resolve("diameter").resolve("cross_noise" + ext), folder.resolve("cross_noise" + ext));
        }
        Path ds = tmp.resolve("cross.zarr");
        assertEquals(0, TestCli.kymflow("ingest", ds, folder).code());
        assertEquals(0, TestCli.kymflow("index", ds, "diameter").code());
        return ds;
    }

    private static double medianTruthUm() throws Exception {
        Table truth = TableCsv.read(Files.newBufferedReader(TestCli.sharedData().resolve("diameter/cross_noise_truth.csv")));
        double[] um = new double[truth.rowCount()];
        for (int k = 0; k < um.length; k++) {
            um[k] = truth.getDouble("truth_diameter_px", k) * 0.5;
        }
        java.util.Arrays.sort(um);
        return um[um.length / 2];
    }

    @Test
    void thePlotDrawsTheWallsOnTheKymographAndADiameterPanel() throws Exception {
        Path ds = measured();
        Path png = tmp.resolve("cross.png");
        try (DatasetReader reader = DatasetReader.open(ds)) {
            KymographPlot.Rendered r = KymographPlot.plot(reader, reader.imageIds().get(0), KymographPlot.View.of(null, null, false), Map.of(), png);
            assertEquals(1, r.traceRanges().size(), "one panel: the diameter ROI's");
            double median = medianTruthUm();
            assertTrue(r.traceRanges().get(0)[0] < median && median < r.traceRanges().get(0)[1], "the panel shows the diameter in um");
            assertTrue(r.traceRanges().get(0)[1] < 40, "um, not pixels: " + r.traceRanges().get(0)[1]);
            BufferedImage image = ImageIO.read(png.toFile());
            int orange = 0;
            for (int x = (int) r.kymographArea().getMinX(); x < r.kymographArea().getMaxX(); x++) {
                for (int y = (int) r.kymographArea().getMinY(); y < r.kymographArea().getMaxY(); y++) {
                    int rgb = image.getRGB(x, y);
                    if ((rgb >> 16 & 0xff) > 200 && (rgb >> 8 & 0xff) > 100 && (rgb >> 8 & 0xff) < 180 && (rgb & 0xff) < 60) {
                        orange++;
                    }
                }
            }
            assertTrue(orange > 2 * r.kymographArea().getWidth(), "two walls drawn across the kymograph: " + orange + " orange pixels");
        }
        assertEquals(0, TestCli.kymflow("plot", ds, "cross_noise", "-o", tmp.resolve("cli.svg")).code());
    }

    @Test
    void theViewerServesAndDrawsTheDiameter() throws Exception {
        Path ds = measured();
        IndexerCatalog catalog = IndexerCatalog.discover(List.of(), false);
        try (KymViewer viewer = KymViewer.start(ds, IndexPlan.resolve(catalog, catalog.loadedNames(), Map.of()).order(), "127.0.0.1", 0)) {
            String id = new ObjectMapper().readTree(viewer.uri().resolve("/api/images").toURL()).get("images").get(0).get("image_id").asText();
            JsonNode traces = new ObjectMapper().readTree(viewer.uri().resolve("/api/images/" + id + "/traces").toURL());
            assertEquals(0, traces.get("traces").size(), "no velocity ROI, no velocity trace");
            JsonNode d = traces.get("diameters").get(0);
            assertEquals(1, d.get("roi_id").asInt());
            assertEquals("µm", d.get("units").asText());
            assertEquals(2000, d.get("diameter").size());
            assertEquals(0.01, d.get("time_s").get(1).asDouble(), 1e-12);
            assertEquals(d.get("right").get(5).asDouble() - d.get("left").get(5).asDouble(), d.get("diameter").get(5).asDouble(), 1e-9);

            HeadlessChromium.assumePresent();
            ChromeDriver browser = HeadlessChromium.start(tmp.resolve("chromium-profile"));
            try {
                HeadlessChromium.open(browser, viewer.uri().resolve("/image?id=" + id).toString());
                assertTrue(browser.findElements(By.cssSelector("#traces .trace[data-kind=diameter] canvas")).size() > 0, "a diameter panel");
                assertTrue(browser.findElement(By.cssSelector("#traces .trace[data-kind=diameter] h3")).getText().contains("ROI 1 diameter, µm"));
                assertEquals(List.of(), HeadlessChromium.consoleErrors(browser));
                assertTrue(browser.findElements(By.cssSelector(".notice")).stream().noneMatch(n -> n.getText().contains("radon")),
                        "no complaint about velocity on a diameter scan");
            } finally {
                browser.quit();
            }
        }
    }
}
