package org.kymflow.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kymflow.runtime.IndexPlan;
import org.kymflow.runtime.IndexerCatalog;
import org.kymflow.viewer.KymViewer;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The viewer in a real browser (Debian's chromium, headless, through chromedriver) over the dataset that
 * {@code kymflow demo} makes. Skipped with a message where Chromium is absent, except in CI, where
 * {@code .ci/run} installs it and its absence fails. Screenshots go to {@code target/viewer-screenshots/}.
 */
class TestViewerInBrowser {
    private static final Path SCREENSHOTS = Path.of("target", "viewer-screenshots");
    @TempDir
    static Path tmp;
    static KymViewer viewer;
    static ChromeDriver browser;
    static JsonNode images;

    @BeforeAll
    static void startViewerAndBrowser() throws Exception {
        HeadlessChromium.assumePresent();
        assertEquals(0, TestCli.kymflow("demo", "--dir", tmp.resolve("demo")).code());
        Path dataset = tmp.resolve("demo/demo.zarr");
        IndexerCatalog catalog = IndexerCatalog.discover(List.of(), false);
        viewer = KymViewer.start(dataset, IndexPlan.resolve(catalog, catalog.loadedNames(), Map.of()).order(), "127.0.0.1", 0);
        images = new ObjectMapper().readTree(viewer.uri().resolve("/api/images").toURL()).get("images");
        browser = HeadlessChromium.start(tmp.resolve("chromium-profile"));
        Files.createDirectories(SCREENSHOTS);
    }

    @AfterAll
    static void stop() {
        if (browser != null) {
            browser.quit();
        }
        if (viewer != null) {
            viewer.close();
        }
    }

    /** Every page must load without a JavaScript error or a failed request in the console. */
    @AfterEach
    void noConsoleErrors() {
        List<String> errors = HeadlessChromium.consoleErrors(browser);
        assertEquals(List.of(), errors, "console errors on " + browser.getCurrentUrl());
    }

    private static void open(String path) {
        HeadlessChromium.open(browser, viewer.uri().resolve(path).toString());
    }

    private static void screenshot(String name) throws Exception {
        File shot = ((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE);
        Files.copy(shot.toPath(), SCREENSHOTS.resolve(name + ".png"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }

    private static Object js(String script, Object... args) {
        return ((JavascriptExecutor) browser).executeScript(script, args);
    }

    private static List<String> fileColumn() {
        List<String> files = new ArrayList<>();
        for (WebElement row : browser.findElements(By.cssSelector("#table-body [data-image-id]"))) {
            files.add(row.findElements(By.cssSelector("span")).get(0).getText());
        }
        return files;
    }

    @Test
    void theDatasetPageListsEveryImageWithItsLink() throws Exception {
        open("/");
        Set<String> expected = new TreeSet<>();
        images.forEach(i -> expected.add(i.get("image_id").asText()));
        Set<String> shown = new TreeSet<>();
        for (WebElement row : browser.findElements(By.cssSelector("[data-image-id]"))) {
            String id = row.getAttribute("data-image-id");
            shown.add(id);
            // linked by file name (each names one image), as /image/synthetic1_%2B0.5mms
            String file = row.findElements(By.cssSelector("span")).get(0).getText();
            assertTrue(row.getAttribute("href").endsWith("/image/" + java.net.URLEncoder.encode(file.replaceFirst("\\.tif$", ""),
                    java.nio.charset.StandardCharsets.UTF_8)), row.getAttribute("href"));
        }
        assertEquals(expected, shown);
        assertEquals(expected.size() + " images", browser.findElement(By.id("image-count")).getText());
        assertTrue(browser.findElement(By.id("table-body")).getText().contains("fresh"));
        screenshot("dataset-page");
    }

    @Test
    void sortingAndFilteringWork() {
        open("/");
        assertEquals(List.of("synthetic1_+0.5mms.tif", "synthetic2_+1.0mms.tif", "synthetic3_-0.8mms.tif", "synthetic4_+1.3mms.tif"),
                fileColumn(), "by file name at first");
        browser.findElement(By.cssSelector("[data-sort=median]")).click();
        assertEquals(List.of("synthetic3_-0.8mms.tif", "synthetic1_+0.5mms.tif", "synthetic2_+1.0mms.tif", "synthetic4_+1.3mms.tif"),
                fileColumn(), "by median velocity, ascending");
        browser.findElement(By.cssSelector("[data-sort=median]")).click();
        assertEquals(List.of("synthetic4_+1.3mms.tif", "synthetic2_+1.0mms.tif", "synthetic1_+0.5mms.tif", "synthetic3_-0.8mms.tif"),
                fileColumn(), "again: descending");
        assertEquals("descending", browser.findElement(By.cssSelector("[data-sort=median]")).getAttribute("aria-sort"));
        browser.findElement(By.id("filter")).sendKeys("-0.8");
        assertEquals(List.of("synthetic3_-0.8mms.tif"), fileColumn());
        assertEquals("1 of 4 images", browser.findElement(By.id("image-count")).getText());
        browser.findElement(By.id("filter")).clear();
        // the sidecars' experiment metadata: a column per field, sortable, and found by the filter
        WebElement note = browser.findElement(By.cssSelector("[data-sort='experiment:note']"));
        assertEquals("auto", js("return getComputedStyle(document.getElementById('image-table')).overflowX"),
                "a table wider than the window scrolls sideways (hidden columns would be out of a user's reach)");
        new Actions(browser).scrollToElement(note).perform();
        note.click();
        assertEquals(List.of("synthetic3_-0.8mms.tif", "synthetic1_+0.5mms.tif", "synthetic2_+1.0mms.tif", "synthetic4_+1.3mms.tif"),
                fileColumn(), "by note ('synthetic, true velocity -0.8 mm/s' first)");
        browser.findElement(By.id("filter")).sendKeys("true velocity 1.3");
        assertEquals(List.of("synthetic4_+1.3mms.tif"), fileColumn());
        browser.findElement(By.id("filter")).clear();
        browser.findElement(By.id("filter")).sendKeys("no such file");
        assertEquals(List.of(), fileColumn());
    }

    @Test
    void theImagePageDrawsTheKymographAndOneTracePerRoi() throws Exception {
        for (JsonNode img : images) {
            String id = img.get("image_id").asText();
            open("/image?id=" + id);
            Number width = (Number) js("return document.getElementById('kymograph').naturalWidth");
            Number height = (Number) js("return document.getElementById('kymograph').naturalHeight");
            assertTrue(width.intValue() > 100, "the kymograph image is drawn, " + width + " columns");
            assertEquals(img.get("shape").get(1).asInt(), height.intValue(), "one image row per pixel across the vessel");
            assertEquals(img.get("rois").asInt(), browser.findElements(By.cssSelector("#traces .trace canvas")).size(),
                    "one trace per ROI");
            assertEquals(img.get("rois").asInt(), browser.findElements(By.cssSelector("#roi-layer .roi")).size(), "ROI outlines");
            assertEquals("true", browser.findElement(By.id("kymo-frame")).getAttribute("data-aligned"));
            if (img.get("file").asText().startsWith("synthetic2")) {
                screenshot("image-page");
            }
        }
    }

    @Test
    void clickingAnEventZoomsToIt() throws Exception {
        JsonNode withEvents = null;
        for (JsonNode img : images) {
            // the demo's flat traces have only Python's top-k fallback drops: listed (not counted) and zoomable
            JsonNode traces = new ObjectMapper().readTree(viewer.uri().resolve("/api/images/" + img.get("image_id").asText()
                    + "/traces").toURL());
            for (JsonNode trace : traces.get("traces")) {
                if (trace.get("events").size() > 0) {
                    withEvents = img;
                }
            }
        }
        assertTrue(withEvents != null, "the demo has events to click");
        open("/image?id=" + withEvents.get("image_id").asText());
        assertEquals(4000L, ((Number) js("return window.kymView.line1 - window.kymView.line0")).longValue());
        browser.findElements(By.cssSelector("button.event")).get(0).click();
        long span = ((Number) js("return window.kymView.line1 - window.kymView.line0")).longValue();
        assertTrue(span < 4000, "zoomed in to " + span + " lines");
        long line0 = ((Number) js("return window.kymView.line0")).longValue();
        String src = browser.findElement(By.id("kymograph")).getAttribute("src");
        assertTrue(src.contains("t0=" + line0 + "&"), src);
        new WebDriverWait(browser, Duration.ofSeconds(10)).until(d -> (Boolean) js(
                "const i = document.getElementById('kymograph'); return i.complete && i.naturalWidth > 0"));
        assertTrue(browser.findElement(By.id("view-range")).getText().contains("lines " + line0 + "–"));
        screenshot("image-page-zoomed-to-event");
        browser.findElement(By.id("reset-zoom")).click();
        assertEquals(4000L, ((Number) js("return window.kymView.line1 - window.kymView.line0")).longValue());
    }

    @Test
    void zoomInSpaceAxesInSecondsAndMicrometresColourMapsAndHistogram() throws Exception {
        JsonNode img = images.get(0);
        open("/image?id=" + img.get("image_id").asText());
        int pixels = img.get("shape").get(1).asInt();
        JsonNode page = new ObjectMapper().readTree(viewer.uri().resolve("/api/images/" + img.get("image_id").asText()).toURL());
        double um = page.get("um_per_pixel").asDouble();
        double seconds = page.get("lines").asInt() * page.get("seconds_per_line").asDouble();
        // the axes: micrometres down the side (0 at the top, the last tick within the scan), seconds under it
        List<String> space = browser.findElements(By.cssSelector("#space-axis span")).stream().map(WebElement::getText).toList();
        assertEquals("µm", space.get(space.size() - 1), space.toString());
        assertEquals(0.0, Double.parseDouble(space.get(0)));
        assertTrue(Double.parseDouble(space.get(space.size() - 2)) <= pixels * um + 1e-9, space + " within " + pixels * um);
        List<String> time = browser.findElements(By.cssSelector("#time-axis span")).stream().map(WebElement::getText).toList();
        assertEquals(0.0, Double.parseDouble(time.get(0)));
        assertTrue(time.get(time.size() - 1).endsWith(" s"), time.toString());
        assertTrue(Double.parseDouble(time.get(time.size() - 1).replace(" s", "")) <= seconds + 1e-9, time + " within " + seconds);
        // the histogram under the sliders is drawn
        assertTrue(((Number) js("const c = document.getElementById('histogram'); return c.getContext('2d')"
                + ".getImageData(0, 0, c.width, c.height).data.filter((v, i) => i % 4 === 3 && v > 0).length")).intValue() > 100);

        // a box from a quarter to three quarters, across and down: that time and that space
        WebElement kymograph = browser.findElement(By.id("kymograph"));
        int w = kymograph.getRect().getWidth();
        int h = kymograph.getRect().getHeight();
        new Actions(browser).moveToElement(kymograph, -w / 4, -h / 4).clickAndHold().moveByOffset(w / 2, h / 2).release().perform();
        long px0 = ((Number) js("return window.kymView.px0")).longValue();
        long px1 = ((Number) js("return window.kymView.px1")).longValue();
        assertEquals(pixels / 4.0, px0, 1.5);
        assertEquals(pixels * 3 / 4.0, px1, 1.5);
        assertEquals(1000, ((Number) js("return window.kymView.line0")).longValue(), 40);
        assertEquals(3000, ((Number) js("return window.kymView.line1")).longValue(), 40);
        WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(10));
        wait.until(d -> ((Number) js("const i = document.getElementById('kymograph'); return i.complete ? i.naturalHeight : -1")).longValue()
                == px1 - px0);
        List<String> zoomed = browser.findElements(By.cssSelector("#space-axis span")).stream().map(WebElement::getText).toList();
        assertTrue(Double.parseDouble(zoomed.get(0)) >= px0 * um - 1e-9, "the axis follows the zoom: " + zoomed);

        // a colour map and the log scale: the image is asked for in them and is no longer grey
        new org.openqa.selenium.support.ui.Select(browser.findElement(By.id("cmap"))).selectByValue("viridis");
        browser.findElement(By.id("log")).click();
        String src = browser.findElement(By.id("kymograph")).getAttribute("src");
        assertTrue(src.contains("cmap=viridis") && src.contains("scale=log") && src.contains("s0=" + px0 + "&s1=" + px1), src);
        wait.until(d -> (Boolean) js("const i = document.getElementById('kymograph'); return i.complete && i.naturalWidth > 0"));
        assertTrue(((Number) js("const i = document.getElementById('kymograph'); const c = document.createElement('canvas');"
                + "c.width = i.naturalWidth; c.height = i.naturalHeight; const x = c.getContext('2d'); x.drawImage(i, 0, 0);"
                + "const d = x.getImageData(0, 0, c.width, c.height).data; let n = 0;"
                + "for (let k = 0; k < d.length; k += 4) if (d[k] !== d[k + 2]) n++; return n")).intValue() > 0, "viridis is not grey");
        // "Save figure" of this view is what kymflow plot draws with the same time, space and colours: pixel for pixel
        java.net.URI saveLink = java.net.URI.create(browser.findElement(By.id("save-png")).getAttribute("href"));
        Map<String, String> q = new java.util.HashMap<>();
        for (String pair : saveLink.getRawQuery().split("&")) {
            q.put(pair.substring(0, pair.indexOf('=')), java.net.URLDecoder.decode(pair.substring(pair.indexOf('=') + 1), "UTF-8"));
        }
        assertEquals("viridis", q.get("cmap"));
        java.awt.image.BufferedImage saved = javax.imageio.ImageIO.read(saveLink.toURL());
        Path cli = tmp.resolve("view.png");
        TestCli.Run plotted = TestCli.kymflow("plot", tmp.resolve("demo/demo.zarr"), img.get("image_id").asText(), "--from", q.get("from"),
                "--to", q.get("to"), "--space-from", q.get("space_from"), "--space-to", q.get("space_to"), "--colours", "viridis",
                "-o", cli, "--force");
        assertEquals(0, plotted.code(), plotted.err());
        java.awt.image.BufferedImage expected = javax.imageio.ImageIO.read(cli.toFile());
        assertEquals(expected.getWidth(), saved.getWidth());
        assertEquals(expected.getHeight(), saved.getHeight());
        for (int y = 0; y < saved.getHeight(); y++) {
            for (int x = 0; x < saved.getWidth(); x++) {
                if (saved.getRGB(x, y) != expected.getRGB(x, y)) {
                    throw new AssertionError("the saved figure differs from kymflow plot's at (" + x + ", " + y + ")");
                }
            }
        }

        browser.findElement(By.id("title")).click(); // out of the controls, whose keys are their own
        new Actions(browser).sendKeys(Keys.ENTER).perform();
        assertEquals(0L, ((Number) js("return window.kymView.px0")).longValue(), "Enter: the whole scan again");
        assertEquals((long) pixels, ((Number) js("return window.kymView.px1")).longValue());
        screenshot("image-page-viridis-log");
    }

    @Test
    void aMissingImageSaysSoInsteadOfAnEmptyChart() {
        browser.get(viewer.uri().resolve("/image?id=no-such-image").toString());
        new WebDriverWait(browser, Duration.ofSeconds(30)).until(d -> "error".equals(
                ((JavascriptExecutor) d).executeScript("return document.body.dataset.ready")));
        assertTrue(browser.findElement(By.id("notice")).getText().contains("no image 'no-such-image'"),
                browser.findElement(By.id("notice")).getText());
        assertEquals(0, browser.findElements(By.cssSelector("#traces canvas")).size());
        browser.manage().logs().get(LogType.BROWSER); // the 404 of the API call is this page's point, not an error
    }
}
