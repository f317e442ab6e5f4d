package org.kymflow.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kymflow.runtime.DatasetReader;
import org.kymflow.runtime.IndexerCatalog;
import org.kymflow.viewer.KymViewer;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The workbench in Chromium with real mouse and keyboard events, on the demo's dataset served with
 * {@code --edit}: drag on the kymograph to draw a ROI (the dataset then has it), type its bounds, drag its edge
 * and move it, run the analyses from the page and see the new ROI's trace, select the ROI and delete it with
 * the Delete key, and the rest of the workbench (labels, params, user events, keys).
 */
class TestWorkbenchInBrowser {
    @TempDir
    Path tmp;

    @Test
    void drawARoiRunRadonFromThePageAndDeleteIt() throws Exception {
        HeadlessChromium.assumePresent();
        assertEquals(0, TestCli.kymflow("demo", "--dir", tmp.resolve("demo")).code());
        Path ds = tmp.resolve("demo/demo.zarr");
        String id;
        try (DatasetReader reader = DatasetReader.open(ds)) {
            id = reader.imageIdsInFileOrder().get(0);
        }
        IndexerCatalog catalog = IndexerCatalog.discover(List.of(), false);
        ChromeDriver browser = HeadlessChromium.start(tmp.resolve("chromium-profile"));
        try (KymViewer viewer = KymViewer.start(ds, catalog, "127.0.0.1", 0, true)) {
            HeadlessChromium.open(browser, viewer.uri().resolve("/image?id=" + id + "&token=" + viewer.token()).toString());
            WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(60));
            wait.until(d -> "true".equals(js(d, "return document.body.dataset.editing")));
            int traces = browser.findElements(By.cssSelector("#traces .trace canvas")).size();
            assertEquals(1, traces, "the demo image has one ROI and its trace");

            WebElement kymograph = browser.findElement(By.id("kymograph"));
            int w = kymograph.getRect().getWidth();
            int h = kymograph.getRect().getHeight();
            // from a quarter of the way in time and a fifth down in space, to the middle and four fifths down
            new Actions(browser).moveToElement(kymograph, -w / 4, -h * 3 / 10).clickAndHold().moveByOffset(w / 4, h * 6 / 10).release().perform();
            wait.until(d -> "2".equals(js(d, "return document.body.dataset.roiCount")));
            try (DatasetReader reader = DatasetReader.open(ds)) {
                List<Object> rois = reader.imageFacts(id).rois();
                assertEquals(2, rois.size(), "the drawn ROI is in the dataset");
                Map<?, ?> data = (Map<?, ?>) ((Map<?, ?>) rois.get(1)).get("data");
                int lines = reader.imageFacts(id).shape().get(0).intValue();
                assertEquals(lines / 4.0, ((Number) data.get("y0")).doubleValue(), lines * 0.03, "drawn from a quarter of the scan");
                assertEquals(lines / 2.0, ((Number) data.get("y1")).doubleValue(), lines * 0.03, "to its middle");
                assertTrue(((Number) data.get("x1")).intValue() - ((Number) data.get("x0")).intValue() >= 10, data.toString());
            }

            // its numbers: x1 typed into the ROI table
            int saves = roiSaves(browser);
            WebElement x1 = browser.findElement(By.cssSelector("#roi-table tr[data-roi-id='2'] input[name='x1']"));
            x1.clear();
            x1.sendKeys("30", Keys.TAB);
            wait.until(d -> {
                try (DatasetReader reader = DatasetReader.open(ds)) {
                    Object data = ((Map<?, ?>) reader.imageFacts(id).rois().get(1)).get("data");
                    return ((Number) ((Map<?, ?>) data).get("x1")).intValue() == 30;
                }
            });

            // its right (time) edge dragged a tenth of the view later, then the whole ROI moved down
            pageShowsStoredRois(wait, ds, id, saves);
            Map<?, ?> typed = roiData(ds, id, 1);
            int lines = ((Number) js(browser, "return window.kymPage.info.lines")).intValue();
            WebElement outline = browser.findElement(By.cssSelector("#roi-layer .roi[data-roi-id='2']"));
            saves = roiSaves(browser);
            new Actions(browser).moveToElement(outline, outline.getRect().getWidth() / 2 - 1, 0).clickAndHold()
                    .moveByOffset(w / 10, 0).release().perform();
            wait.until(d -> !roiData(ds, id, 1).get("y1").equals(typed.get("y1")));
            pageShowsStoredRois(wait, ds, id, saves); // the outlines are drawn again after the save: find them afterwards
            Map<?, ?> resized = roiData(ds, id, 1);
            assertEquals(((Number) typed.get("y1")).doubleValue() + lines / 10.0, ((Number) resized.get("y1")).doubleValue(), lines * 0.01,
                    "the time edge follows the pointer");
            for (String unchanged : List.of("y0", "x0", "x1")) {
                assertEquals(typed.get(unchanged), resized.get(unchanged), unchanged);
            }
            outline = browser.findElement(By.cssSelector("#roi-layer .roi[data-roi-id='2']"));
            int pixels = ((Number) js(browser, "return window.kymPage.info.pixels")).intValue();
            new Actions(browser).moveToElement(outline).click().perform(); // selected: now its inside moves it
            wait.until(d -> "2".equals(js(d, "return document.body.dataset.selectedRoi")));
            saves = roiSaves(browser);
            new Actions(browser).moveToElement(outline).clickAndHold().moveByOffset(0, h * 4 / pixels).release().perform();
            wait.until(d -> !roiData(ds, id, 1).get("x0").equals(resized.get("x0")));
            pageShowsStoredRois(wait, ds, id, saves);
            Map<?, ?> moved = roiData(ds, id, 1);
            assertEquals(((Number) resized.get("x0")).intValue() + 4, ((Number) moved.get("x0")).intValue(), 1, "moved 4 pixels down");
            assertEquals(((Number) resized.get("x1")).intValue() - ((Number) resized.get("x0")).intValue(),
                    ((Number) moved.get("x1")).intValue() - ((Number) moved.get("x0")).intValue(), "a move keeps the size");
            assertEquals(resized.get("y0"), moved.get("y0"), "moved in space only");
            assertEquals(resized.get("y1"), moved.get("y1"));

            new org.openqa.selenium.support.ui.Select(browser.findElement(By.id("run-analysis"))).selectByValue("radon");
            browser.findElement(By.id("run")).click();
            wait.until(d -> d.findElements(By.cssSelector("#traces .trace canvas")).size() == 2
                    && "true".equals(js(d, "return document.body.dataset.ready")));
            com.fasterxml.jackson.databind.JsonNode ran = new com.fasterxml.jackson.databind.ObjectMapper()
                    .readTree(viewer.uri().resolve("/api/runs/1").toURL());
            assertEquals("done", ran.get("state").asText(), ran.toString());
            assertEquals(1, ran.get("report").size(), "radon alone was chosen: " + ran);
            assertEquals("radon", ran.get("report").get(0).get("indexer").asText());
            assertTrue(browser.findElement(By.cssSelector("#traces .trace[data-roi-id='2'] h3")).getText().startsWith("ROI 2"));
            screenshot(browser, "workbench-edit.png"); // docs/workbench-edit.png is this one

            // "Save figure" gives what kymflow plot draws for the view
            java.net.URI png = java.net.URI.create(browser.findElement(By.id("save-png")).getAttribute("href"));
            java.net.http.HttpResponse<byte[]> figure = java.net.http.HttpClient.newHttpClient().send(
                    java.net.http.HttpRequest.newBuilder(png).build(), java.net.http.HttpResponse.BodyHandlers.ofByteArray());
            assertEquals(200, figure.statusCode());
            java.awt.image.BufferedImage saved = javax.imageio.ImageIO.read(new java.io.ByteArrayInputStream(figure.body()));
            Path cli = tmp.resolve("cli.png");
            assertEquals(0, TestCli.kymflow("plot", ds, id, "--from", "0", "--to", "4", "-o", cli).code());
            java.awt.image.BufferedImage plotted = javax.imageio.ImageIO.read(cli.toFile());
            assertEquals(plotted.getWidth(), saved.getWidth());
            assertEquals(plotted.getHeight(), saved.getHeight(), "the same panels: the kymograph and one per ROI");

            wait.until(d -> "true".equals(js(d, "return document.body.dataset.editing")));
            WebElement drawn = browser.findElement(By.cssSelector("#roi-layer .roi[data-roi-id='2']"));
            new Actions(browser).moveToElement(drawn).click().sendKeys(Keys.DELETE).perform();
            wait.until(d -> "1".equals(js(d, "return document.body.dataset.roiCount")));
            try (DatasetReader reader = DatasetReader.open(ds)) {
                assertEquals(1, reader.imageFacts(id).rois().size(), "deleted from the dataset");
                assertEquals("rois", reader.editLog().get(0).get("what"));
            }
            // review: the first event labelled a true stall in the page, and the summary counts it
            WebElement first = wait.until(d -> d.findElements(By.cssSelector("#review tbody tr")).stream().findFirst().orElse(null));
            new org.openqa.selenium.support.ui.Select(first.findElements(By.tagName("select")).get(0)).selectByValue("true_stall");
            wait.until(d -> String.valueOf(js(d, "return document.body.dataset.labelled")).endsWith(":true_stall"));
            String summary = TestCli.kymflow("summary", ds).out();
            org.kymflow.table.Table rows = org.kymflow.table.TableCsv.read(new java.io.StringReader(summary));
            assertEquals(1, java.util.stream.IntStream.range(0, rows.rowCount())
                    .filter(r -> ((Number) rows.get("events_true_stall", r)).intValue() == 1).count(), summary);
            assertEquals(List.of(), HeadlessChromium.consoleErrors(browser));
            // velocity_events recomputed (radon first, as ROI 2 is gone): the label is still on its event after a reload
            assertEquals(0, TestCli.kymflow("index", ds, "velocity_events", "--mode", "replace").code());
            browser.navigate().refresh();
            wait.until(d -> "true".equals(js(d, "return document.body.dataset.editing")));
            wait.until(d -> d.findElements(By.cssSelector("#review tbody tr:not(.orphaned)")).stream().anyMatch(tr ->
                    "true_stall".equals(new org.openqa.selenium.support.ui.Select(tr.findElements(By.tagName("select")).get(0))
                            .getFirstSelectedOption().getAttribute("value"))));

            // the experiment metadata: a field changed, one added and filled, then removed
            WebElement note = browser.findElement(By.cssSelector("#experiment-form input[name='note']"));
            note.clear();
            note.sendKeys("checked by hand", Keys.TAB);
            wait.until(d -> "checked by hand".equals(experiment(ds, id).get("note")));
            browser.findElement(By.id("experiment-new")).sendKeys("genotype", Keys.TAB);
            wait.until(d -> experiment(ds, id).containsKey("genotype"));
            wait.until(d -> d.findElements(By.cssSelector("#experiment-form input[name='genotype']")).stream().findFirst().orElse(null))
                    .sendKeys("KO", Keys.TAB);
            wait.until(d -> "KO".equals(experiment(ds, id).get("genotype")));
            assertEquals(Boolean.TRUE, experiment(ds, id).get("synthetic"), "the other fields keep their values and types");
            browser.findElement(By.cssSelector("#experiment-form button[title='remove genotype']")).click();
            wait.until(d -> !experiment(ds, id).containsKey("genotype"));

            // the parameters panel: radon's window set and saved to the dataset, then its defaults again
            browser.findElement(By.cssSelector("#params summary")).click();
            WebElement window = browser.findElement(By.cssSelector("#params fieldset[data-analysis='radon'] input[name='window_size']"));
            window.clear();
            window.sendKeys("32.5"); // a fraction for a whole number: refused with a line on the page, nothing saved
            browser.findElement(By.xpath("//fieldset[@data-analysis='radon']/button[text()='Save radon']")).click();
            wait.until(d -> d.findElement(By.id("notice")).getText().contains("window_size"));
            try (DatasetReader reader = DatasetReader.open(ds)) {
                assertEquals(Map.of(), reader.config().paramsFor("radon"));
            }
            window.clear();
            window.sendKeys("32");
            browser.findElement(By.xpath("//fieldset[@data-analysis='radon']/button[text()='Save radon']")).click();
            wait.until(d -> "radon".equals(js(d, "return document.body.dataset.paramsSaved")));
            try (DatasetReader reader = DatasetReader.open(ds)) {
                assertEquals(Map.of("window_size", 32), reader.config().paramsFor("radon"));
            }
            browser.navigate().refresh();
            wait.until(d -> "true".equals(js(d, "return document.body.dataset.editing")));
            browser.findElement(By.cssSelector("#params summary")).click();
            WebElement windowLabel = wait.until(d -> d.findElements(By.xpath("//fieldset[@data-analysis='radon']/label[input[@name='window_size']]"))
                    .stream().findFirst().orElse(null));
            assertTrue(windowLabel.getText().contains("set (default 16)"), windowLabel.getText());
            js(browser, "window.kymOldPage = true"); // gone once the page reloads
            browser.findElement(By.xpath("//fieldset[@data-analysis='radon']/button[text()='Defaults']")).click();
            wait.until(d -> {
                try (DatasetReader reader = DatasetReader.open(ds)) {
                    return reader.config().paramsFor("radon").isEmpty();
                }
            });
            wait.until(d -> js(d, "return window.kymOldPage") == null && "true".equals(js(d, "return document.body.dataset.editing")));

            // an event a person saw: Shift+drag on ROI 1's trace adds it, the review lists it, and it can be deleted
            WebElement over = browser.findElement(By.cssSelector("#traces .trace[data-roi-id='1'] .u-over"));
            int ow = over.getRect().getWidth();
            new Actions(browser).keyDown(Keys.SHIFT).moveToElement(over, -ow / 4, 0).clickAndHold().moveByOffset(ow / 8, 0).release()
                    .keyUp(Keys.SHIFT).perform();
            wait.until(d -> d.findElements(By.xpath("//div[@id='review']//td[text()='user_added']")).size() == 1);
            try (DatasetReader reader = DatasetReader.open(ds)) {
                assertEquals(1, reader.events(id).stream().filter(org.kymflow.runtime.EventLabels.Event::userAdded).count());
            }
            browser.findElement(By.cssSelector("#review button.delete-event")).click();
            wait.until(d -> !"".equals(String.valueOf(js(d, "return document.body.dataset.deleted || ''"))));
            try (DatasetReader reader = DatasetReader.open(ds)) {
                assertEquals(0, reader.events(id).stream().filter(org.kymflow.runtime.EventLabels.Event::userAdded).count(), "deleted");
                assertEquals("event_deleted", reader.editLog().get(0).get("what"), "newest first");
            }
            assertEquals(0, browser.findElements(By.xpath("//div[@id='review']//td[text()='user_added']")).size());

            // the Python app's keys: Shift+Down the next file (the token kept), Enter the whole scan, by file name too
            browser.findElement(By.id("title")).click(); // out of the review's fields, whose keys are their own
            new Actions(browser).keyDown(Keys.SHIFT).sendKeys(Keys.ARROW_DOWN).keyUp(Keys.SHIFT).perform();
            wait.until(d -> d.getTitle().contains("synthetic2_") && "true".equals(js(d, "return document.body.dataset.ready")));
            wait.until(d -> "true".equals(js(d, "return document.body.dataset.editing")));
            HeadlessChromium.open(browser, viewer.uri().resolve("/image/synthetic3_-0.8mms").toString());
            assertTrue(browser.getTitle().contains("synthetic3_-0.8mms.tif"), browser.getTitle());
            new Actions(browser).sendKeys(Keys.ARROW_RIGHT).perform(); // already the whole scan: stays in range
            screenshot(browser, "workbench.png");
        } finally {
            browser.quit();
        }
    }

    private static void screenshot(ChromeDriver browser, String name) throws java.io.IOException {
        java.nio.file.Files.createDirectories(Path.of("target", "viewer-screenshots"));
        java.nio.file.Files.copy(browser.getScreenshotAs(org.openqa.selenium.OutputType.FILE).toPath(),
                Path.of("target", "viewer-screenshots", name), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }

    /** Waits until the page's ROIs are the stored ones: its save answered and the outlines are drawn again. */
    private static void pageShowsStoredRois(WebDriverWait wait, Path ds, String id, int savesBefore) {
        // A drag moves the page's ROI before the server answers: equal bounds alone do not mean the outlines
        // were drawn again, the page's count of answered saves does.
        wait.until(d -> roiSaves(d) > savesBefore);
        wait.until(d -> {
            List<List<Long>> stored = new java.util.ArrayList<>();
            try (DatasetReader reader = DatasetReader.open(ds)) {
                for (Object roi : reader.imageFacts(id).rois()) {
                    Map<?, ?> data = (Map<?, ?>) ((Map<?, ?>) roi).get("data");
                    stored.add(java.util.stream.Stream.of("x0", "x1", "y0", "y1").map(k -> ((Number) data.get(k)).longValue()).toList());
                }
            }
            return stored.equals(js(d, "return window.kymPage.info.rois.map(r => [r.x0, r.x1, r.y0, r.y1])"));
        });
    }

    /** How many ROI saves the page has had answered (0 before the first). */
    private static int roiSaves(org.openqa.selenium.WebDriver browser) {
        Object saves = js(browser, "return document.body.dataset.roiSaves || '0'");
        return Integer.parseInt(String.valueOf(saves));
    }

    /** The image's experiment metadata, read through the library. */
    private static Map<String, Object> experiment(Path ds, String id) {
        try (DatasetReader reader = DatasetReader.open(ds)) {
            return reader.imageFacts(id).experiment();
        }
    }

    /** The stored bounds of the image's ROI at index {@code at}, read through the library. */
    private static Map<?, ?> roiData(Path ds, String id, int at) {
        try (DatasetReader reader = DatasetReader.open(ds)) {
            return (Map<?, ?>) ((Map<?, ?>) reader.imageFacts(id).rois().get(at)).get("data");
        }
    }

    private static Object js(org.openqa.selenium.WebDriver d, String script) {
        return ((JavascriptExecutor) d).executeScript(script);
    }
}
