package dev.waybill.testing;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * A headless Chromium for page tests, at a phone or a desktop viewport. Without Chromium the tests
 * are skipped with a message, except under {@code CI=true}, where a missing browser fails them.
 */
public final class Chromium {

  /** A phone viewport (an iPhone 13/14-sized screen) and a common laptop one. */
  public enum Viewport {
    PHONE(390, 844, true),
    DESKTOP(1280, 900, false);

    final int width;
    final int height;
    final boolean mobile;

    Viewport(int width, int height, boolean mobile) {
      this.width = width;
      this.height = height;
      this.mobile = mobile;
    }
  }

  private static final List<String> BROWSERS =
      List.of("/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome");
  private static final List<String> DRIVERS =
      List.of("/usr/bin/chromedriver", "/usr/lib/chromium/chromedriver");

  private Chromium() {}

  /** Skips (or in CI fails) the calling test when no Chromium and driver are installed. */
  public static void assumeInstalled() {
    if (find(BROWSERS).isPresent() && find(DRIVERS).isPresent()) {
      return;
    }
    String message =
        "No Chromium found (looked for "
            + BROWSERS
            + " and "
            + DRIVERS
            + "). Install Debian's chromium and chromium-driver to run the browser tests.";
    if ("true".equalsIgnoreCase(System.getenv("CI"))) {
      fail(message);
    }
    Assumptions.abort(message);
  }

  public static WebDriver start(Viewport viewport) {
    assumeInstalled();
    Path profile;
    try {
      profile = Files.createTempDirectory("waybill-chromium");
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    ChromeOptions options = new ChromeOptions();
    options.setBinary(find(BROWSERS).orElseThrow());
    options.addArguments(
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-dev-shm-usage",
        "--user-data-dir=" + profile,
        "--window-size=" + viewport.width + "," + viewport.height);
    if (viewport.mobile) {
      options.setExperimentalOption(
          "mobileEmulation",
          Map.of(
              "deviceMetrics",
              Map.of(
                  "width",
                  viewport.width,
                  "height",
                  viewport.height,
                  "pixelRatio",
                  3.0,
                  "touch",
                  true)));
    }
    ChromeDriverService service =
        new ChromeDriverService.Builder()
            .usingDriverExecutable(Path.of(find(DRIVERS).orElseThrow()).toFile())
            .usingAnyFreePort()
            .build();
    return new ChromeDriver(service, options);
  }

  /** Saves the whole page under target/screenshots, to be looked at by people. */
  public static void screenshot(WebDriver driver, String name) {
    byte[] png;
    if (driver instanceof ChromeDriver chrome) {
      Number height =
          (Number)
              chrome.executeScript(
                  "return Math.max(document.documentElement.scrollHeight, window.innerHeight)");
      Number width = (Number) chrome.executeScript("return window.innerWidth");
      Map<String, Object> shot =
          chrome.executeCdpCommand(
              "Page.captureScreenshot",
              Map.of(
                  "captureBeyondViewport",
                  true,
                  "clip",
                  Map.of("x", 0, "y", 0, "width", width, "height", height, "scale", 1)));
      png = Base64.getDecoder().decode((String) shot.get("data"));
    } else {
      png = ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES);
    }
    try {
      Path dir = Path.of("target", "screenshots");
      Files.createDirectories(dir);
      Files.write(dir.resolve(name + ".png"), png);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static Optional<String> find(List<String> candidates) {
    return candidates.stream().filter(p -> Files.isExecutable(Path.of(p))).findFirst();
  }
}
