package io.retention.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/** Debian's headless chromium driven by Selenium, as the console's tests use it, and their screenshots. */
final class Browsers {
    private static final Path SCREENSHOTS = Path.of("target/screenshots");

    private Browsers() {}

    /** Installs chromium and its driver when missing ({@code tools/prepare-browser.sh}); makes the screenshots' folder. */
    static void prepare() throws Exception {
        Process prepare = new ProcessBuilder(
                        "bash",
                        Path.of("tools/prepare-browser.sh").toAbsolutePath().toString())
                .inheritIO()
                .start();
        assertThat(prepare.waitFor())
                .as("tools/prepare-browser.sh installs chromium and chromedriver")
                .isZero();
        Files.createDirectories(SCREENSHOTS);
    }

    /** A browser at a laptop's size, with the driver prepare installed (Selenium downloads nothing). */
    static WebDriver chromium() {
        ChromeOptions options = new ChromeOptions();
        options.setBinary("/usr/bin/chromium");
        options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1280,900");
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File("/usr/bin/chromedriver"))
                .build();
        ChromeDriver driver = new ChromeDriver(service, options);
        driver.manage().window().setSize(new Dimension(1280, 900));
        return driver;
    }

    /** The page as the browser shows it now, kept as {@code target/screenshots/<page>.png}. */
    static void screenshot(WebDriver browser, String page) {
        try {
            File shot = ((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE);
            Files.copy(shot.toPath(), SCREENSHOTS.resolve(page + ".png"), StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
