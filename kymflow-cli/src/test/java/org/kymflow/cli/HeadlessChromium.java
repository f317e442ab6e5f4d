package org.kymflow.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Debian's chromium, headless, through chromedriver, for the viewer's browser tests: skipped with a message
 * where it is absent, except in CI, where {@code .ci/run} installs it and its absence fails.
 */
final class HeadlessChromium {
    private static final Path CHROMIUM = Path.of(System.getProperty("kymflow.chromium", "/usr/bin/chromium"));
    private static final Path CHROMEDRIVER = Path.of(System.getProperty("kymflow.chromedriver", "/usr/bin/chromedriver"));

    private HeadlessChromium() {
    }

    /** Skips the calling test class where there is no browser to run (fails in CI instead). */
    static void assumePresent() {
        boolean present = Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);
        if (!present && System.getenv("CI") != null) {
            throw new IllegalStateException("CI must run the browser tests, but " + CHROMIUM + " or " + CHROMEDRIVER
                    + " is missing: .ci/run installs Debian's chromium and chromium-driver");
        }
        if (!present) {
            System.out.println("[skipped] no " + CHROMIUM + " and " + CHROMEDRIVER
                + " (apt-get install chromium chromium-driver) to test the viewer in a browser"); // on the console, not only in the reports
        }
        Assumptions.assumeTrue(present, "skipped: no " + CHROMIUM + " and " + CHROMEDRIVER
                + " (apt-get install chromium chromium-driver) to test the viewer in a browser");
    }

    /**
     * @param profile a folder for the browser's profile
     * @return a started browser, its console logged
     */
    static ChromeDriver start(Path profile) {
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        // The flags this machine's Chromium needs: no sandbox as root, no GPU, and no calls home (the network is closed).
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--window-size=1400,900",
                "--user-data-dir=" + profile);
        Map<String, Object> logging = new LinkedHashMap<>();
        logging.put("browser", "ALL");
        options.setCapability("goog:loggingPrefs", logging);
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort().build();
        return new ChromeDriver(service, options);
    }

    /**
     * Opens a page and waits until it says it is ready.
     *
     * @param browser the browser
     * @param url the page
     */
    static void open(ChromeDriver browser, String url) {
        browser.get(url);
        new WebDriverWait(browser, Duration.ofSeconds(30)).until(d -> "true".equals(
                ((JavascriptExecutor) d).executeScript("return document.body.dataset.ready")));
    }

    /**
     * @param browser the browser
     * @return the console's errors since the last call
     */
    static List<String> consoleErrors(ChromeDriver browser) {
        List<String> errors = new ArrayList<>();
        for (LogEntry e : browser.manage().logs().get(LogType.BROWSER)) {
            if (e.getLevel().intValue() >= Level.SEVERE.intValue()) {
                errors.add(e.getMessage());
            }
        }
        return errors;
    }
}
