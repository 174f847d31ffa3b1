package io.callpark.it;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.logging.Level;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;

/**
 * Debian's chromium driven through Debian's chromedriver, headless, with a fresh profile in a temporary
 * directory and everything that would reach the network on its own switched off. Both paths are given
 * to Selenium, so Selenium Manager never runs (it would try to download a driver). When the binaries
 * are missing the browser tests fail under CI ({@code CI=true}: .ci/run installs them) and are skipped
 * with a message elsewhere. Not thread-safe: one per test class.
 */
final class HeadlessChromium implements AutoCloseable {
  static final Path BROWSER = Path.of(System.getProperty("board.chromium", "/usr/bin/chromium"));
  static final Path DRIVER = Path.of(System.getProperty("board.chromedriver", "/usr/bin/chromedriver"));

  final ChromeDriver driver;
  private final ChromeDriverService service;
  private final Path profile;

  private HeadlessChromium(int width, int height) throws IOException {
    profile = Files.createTempDirectory("callpark-board-chromium");
    service = new ChromeDriverService.Builder().usingDriverExecutable(DRIVER.toFile()).usingAnyFreePort()
        .withLogFile(ItFiles.logFile("board-chromedriver").toFile()).build();
    ChromeOptions options = new ChromeOptions().setBinary(BROWSER.toFile()).addArguments(
        "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
        "--disable-default-apps", "--disable-extensions", "--disable-dev-shm-usage",
        "--window-size=" + width + "," + height, "--user-data-dir=" + profile);
    LoggingPreferences logs = new LoggingPreferences();
    logs.enable(LogType.BROWSER, Level.ALL);
    options.setCapability("goog:loggingPrefs", logs);
    driver = new ChromeDriver(service, options);
    driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(20));
  }

  /** Starts the browser, or fails (CI) or skips (elsewhere) the calling test class when it is not installed. */
  static HeadlessChromium start(int width, int height) throws IOException {
    boolean present = Files.isExecutable(BROWSER) && Files.isExecutable(DRIVER);
    String missing = BROWSER + " and " + DRIVER + " are needed (apt-get install chromium chromium-driver)";
    if (!present) {
      if ("true".equals(System.getenv("CI"))) {
        Assertions.fail("browser test cannot run on CI: " + missing + "; .ci/run should have installed them");
      }
      System.err.println("BoardIT skipped: " + missing + " (on CI this fails instead)");
      Assumptions.abort("skipping the browser test: " + missing);
    }
    Files.createDirectories(ItFiles.logFile("board-chromedriver").getParent());
    return new HeadlessChromium(width, height);
  }

  /** What the page logged (console, failed loads, CSP refusals) since the last call: for failure messages. */
  String consoleLog() {
    StringBuilder b = new StringBuilder();
    driver.manage().logs().get(LogType.BROWSER).forEach(e -> b.append(e.getLevel()).append(' ').append(e.getMessage())
        .append('\n'));
    return b.toString();
  }

  @Override
  public void close() throws IOException {
    try {
      driver.quit();
    } finally {
      service.stop();
      deleteTree(profile);
    }
  }

  private static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (var paths = Files.walk(dir)) {
      paths.sorted(java.util.Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
    }
  }
}
