package org.captchaws.testing;

import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

import java.io.File;
import java.nio.file.Path;
import java.util.Map;

/**
 * Debian's Chromium and ChromeDriver (packages {@code chromium}, {@code chromium-driver}),
 * headless. Both are named explicitly, so Selenium Manager never looks for (or downloads) a
 * driver, and everything the browser writes goes into the given profile folder, not the home
 * folder.
 */
public final class HeadlessChromium {

    private static final File CHROMIUM = new File("/usr/bin/chromium");
    private static final File CHROMEDRIVER = new File("/usr/bin/chromedriver");

    private HeadlessChromium() {
    }

    public static ChromeDriver start(Path profile) {
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER)
                .usingAnyFreePort()
                .withEnvironment(Map.of(
                        "XDG_CONFIG_HOME", profile.resolve("config").toString(),
                        "XDG_CACHE_HOME", profile.resolve("cache").toString()))
                .build();
        ChromeOptions options = new ChromeOptions()
                .setBinary(CHROMIUM)
                .addArguments(
                        "--headless=new",
                        // Tests run as root, where Chromium's sandbox cannot start.
                        "--no-sandbox",
                        "--disable-gpu",
                        // Containers give /dev/shm a few MB only.
                        "--disable-dev-shm-usage",
                        "--no-first-run",
                        // No traffic but the page's own: no updates, sync or field trials.
                        "--disable-background-networking",
                        "--disable-component-update",
                        "--disable-sync",
                        "--user-data-dir=" + profile.resolve("profile"),
                        "--window-size=1280,1080");
        return new ChromeDriver(service, options);
    }
}
