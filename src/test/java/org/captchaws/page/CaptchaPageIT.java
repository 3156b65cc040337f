package org.captchaws.page;

import jakarta.json.JsonObject;
import org.captchaws.testing.Deployments;
import org.captchaws.testing.HeadlessChromium;
import org.captchaws.testing.ItKeys;
import org.captchaws.testing.WsClient;
import org.jboss.arquillian.container.test.api.Deployer;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.OperateOnDeployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedCondition;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;
import static org.openqa.selenium.support.ui.ExpectedConditions.attributeToBe;
import static org.openqa.selenium.support.ui.ExpectedConditions.elementToBeClickable;
import static org.openqa.selenium.support.ui.ExpectedConditions.textMatches;
import static org.openqa.selenium.support.ui.ExpectedConditions.textToBePresentInElementLocated;

/**
 * captcha.html in a real browser (Debian's headless Chromium) against the WAR in the server,
 * under a context root of its own: everything a developer does with the page, waiting on what
 * the page shows.
 */
@ExtendWith(ArquillianExtension.class)
class CaptchaPageIT {

    private static final Duration WAIT = WsClient.TIMEOUT;
    private static final String LOG_PROVIDER = "captcha.sms.provider=log\n";
    private static final Pattern RETRY_NOTE = Pattern.compile("(\\d+) 秒后重连");
    private static final String PAGE_KEY = "page-key-0123456789-abcdefghijklmnop-€";

    @Deployment(name = "page", testable = false)
    static WebArchive page() {
        return Deployments.builtWarWith("captcha-page", LOG_PROVIDER);
    }

    /** With an API key required: the page must carry it. */
    @Deployment(name = "page-keys", testable = false)
    static WebArchive pageWithKeys() {
        return Deployments.builtWarWith("captcha-page-keys", LOG_PROVIDER + "captcha.auth.keys=" + PAGE_KEY + "\n");
    }

    /** Deployed and undeployed by the reconnect test, as a restarting server would be. */
    @Deployment(name = "restarting", managed = false, testable = false)
    static WebArchive restarting() {
        return Deployments.builtWarWith("captcha-restarting", LOG_PROVIDER);
    }

    @ArquillianResource
    @OperateOnDeployment("page")
    URL deployment;

    @ArquillianResource
    @OperateOnDeployment("page-keys")
    URL keyedDeployment;

    @ArquillianResource
    Deployer deployer;

    @TempDir
    static Path profile;

    private static ChromeDriver browser;

    @BeforeAll
    static void startBrowser() {
        browser = HeadlessChromium.start(profile);
    }

    @AfterAll
    static void stopBrowser() {
        if (browser != null) {
            browser.quit();
        }
    }

    @Test
    void connectsToTheEndpointBesideThePage() {
        open(deployment);

        assertEquals(WsClient.endpoint(deployment).toString(), text("endpoint"));
    }

    @Test
    void withKeysThePageConnectsWithTheKeyFromItsFieldAndNeverPutsItInTheUrl() {
        browser.get(keyedDeployment + "captcha.html");
        waitFor(driver -> refusals() >= 1);
        assertEquals("closed", browser.findElement(By.id("state")).getDomAttribute("data-state"));

        WebElement key = browser.findElement(By.id("api-key"));
        key.sendKeys(PAGE_KEY.substring(1), Keys.ENTER);
        int refused = refusals();
        waitFor(driver -> refusals() > refused);
        assertEquals("closed", browser.findElement(By.id("state")).getDomAttribute("data-state"), "a wrong key");

        key.clear();
        key.sendKeys(PAGE_KEY, Keys.ENTER);
        waitFor(attributeToBe(By.id("state"), "data-state", "open"));
        generateImage();

        assertEquals(keyedDeployment + "captcha.html", browser.getCurrentUrl(), "no key in the URL");
        assertFalse(browser.findElement(By.id("log")).getText().contains(PAGE_KEY.substring(0, 12)), "the key is not logged");
        assertEquals("password", key.getDomAttribute("type"));
    }

    @Test
    void everyInputHasALabel() {
        open(deployment);

        for (WebElement input : browser.findElements(By.tagName("input"))) {
            Object labels = browser.executeScript("return arguments[0].labels.length", input);
            assertEquals(1L, labels, input.getDomAttribute("id"));
        }
    }

    @Test
    void generateShowsTheImageWithItsTitleAndAddr() {
        open(deployment);

        browser.findElement(By.id("img-generate")).click();

        waitFor(imageLoaded());
        assertTrue(text("img-title").matches("[A-Za-z0-9]{5}"), text("img-title"));
        assertTrue(text("img-addr").matches("[0-9a-f]{32}\\.png"), text("img-addr"));
        assertEquals(160L, browser.executeScript("return document.getElementById('img').naturalWidth"));
        assertEquals("generate: ✔ 0 successful", text("img-outcome"));
    }

    @Test
    void aMathCaptchaInlineIsShownFromTheReplyAndVerifies() {
        open(deployment);
        new org.openqa.selenium.support.ui.Select(browser.findElement(By.id("img-kind"))).selectByValue("math");
        browser.findElement(By.id("img-inline")).click();

        browser.findElement(By.id("img-generate")).click();

        waitFor(imageLoaded());
        assertTrue(browser.findElement(By.id("img")).getDomProperty("src").startsWith("data:image/png;base64,"));
        assertTrue(text("img-title").matches("\\d+"), text("img-title"));
        WebElement answer = browser.findElement(By.id("img-answer"));
        answer.sendKeys(text("img-title"), Keys.ENTER);
        waitFor(textToBePresentInElementLocated(By.id("img-outcome"), "verify: ✔ 0 successful"));
    }

    @Test
    void aWrongAnswerIsRefusedAndTheRightOneAccepted() {
        open(deployment);
        generateImage();

        // The alphabet has no 0, so this is never the answer.
        browser.findElement(By.id("img-answer")).sendKeys("0000", Keys.ENTER);
        waitFor(textToBePresentInElementLocated(By.id("img-outcome"), "verify: ✘ 2001 验证码错误"));

        WebElement answer = browser.findElement(By.id("img-answer"));
        answer.clear();
        answer.sendKeys(text("img-title"), Keys.ENTER);
        waitFor(textToBePresentInElementLocated(By.id("img-outcome"), "verify: ✔ 0 successful"));
    }

    @Test
    void clickingTheImageRefreshesIt() {
        open(deployment);
        String first = generateImage();
        browser.findElement(By.id("img-answer")).sendKeys("an answer to the old image");

        browser.findElement(By.id("img")).click();

        waitFor(driver -> !text("img-addr").equals(first));
        waitFor(imageLoaded());
        assertTrue(browser.findElement(By.id("img")).getDomProperty("src").endsWith("/captcha-page/images/" + text("img-addr")));
        assertEquals("", browser.findElement(By.id("img-answer")).getDomProperty("value"));
    }

    @Test
    void anInvalidPhoneIsRefusedInThePageAndNotSent() {
        open(deployment);

        WebElement phone = browser.findElement(By.id("sms-phone"));
        phone.sendKeys("12711112222");
        browser.findElement(By.id("sms-send-button")).click();

        waitFor(textToBePresentInElementLocated(By.id("sms-outcome"), "generate: ✘ 1016 手机号格式错误"));
        assertEquals("true", phone.getDomAttribute("aria-invalid"));
        assertEquals(phone, browser.switchTo().activeElement(), "back to the number to correct it");
        assertEquals(List.of(), browser.findElements(By.cssSelector("#log .sent")));

        phone.sendKeys(Keys.BACK_SPACE);
        assertNull(phone.getDomAttribute("aria-invalid"), "no longer marked once edited");
    }

    @Test
    void aValidPhoneGetsACodeThatVerifiesAndTheCountdownStarts() {
        open(deployment);
        WebElement phone = browser.findElement(By.id("sms-phone"));
        WebElement send = browser.findElement(By.id("sms-send-button"));

        phone.sendKeys("+8613711112222");
        send.click();

        waitFor(textMatches(By.id("sms-title"), Pattern.compile("\\d{4}")));
        waitFor(textMatches(By.id("sms-send-button"), Pattern.compile("(60|59) 秒后重发 resend in (60|59) s")));
        assertFalse(send.isEnabled(), "no second send during the interval");
        waitFor(textMatches(By.id("sms-send-button"), Pattern.compile("5[0-8] 秒后重发")));

        browser.findElement(By.id("sms-code")).sendKeys(text("sms-title"), Keys.ENTER);
        waitFor(textToBePresentInElementLocated(By.id("sms-outcome"), "verify: ✔ 0 successful"));

        phone.clear();
        phone.sendKeys("13711113333");
        waitFor(elementToBeClickable(send));
        assertEquals("发送验证码 Send code", send.getText(), "another number has no countdown");
    }

    @Test
    void theServersIntervalRefusalIsShown() {
        open(deployment);
        browser.findElement(By.id("sms-phone")).sendKeys("13722223333", Keys.ENTER);
        waitFor(textMatches(By.id("sms-title"), Pattern.compile("\\d{4}")));

        // A reloaded page has forgotten its countdown; the server has not.
        open(deployment);
        browser.findElement(By.id("sms-phone")).sendKeys("13722223333", Keys.ENTER);

        waitFor(textToBePresentInElementLocated(By.id("sms-outcome"), "generate: ✘ 1023 同一手机号发送短信过于频繁，请稍后再试"));
    }

    @Test
    void theLogShowsEachEnvelopeWithItsRoundTripAndCopiesTheRequest() throws Exception {
        open(deployment);
        browser.setPermission("clipboard-read", "granted");
        generateImage();

        JsonObject request = WsClient.parse(browser.findElement(By.cssSelector("#log .sent pre")).getText());
        JsonObject reply = WsClient.parse(browser.findElement(By.cssSelector("#log .received pre")).getText());
        assertEquals("captcha", request.getString("type"));
        assertEquals("img", request.getString("subtype"));
        assertEquals("generate", request.getJsonObject("data").getString("action"));
        assertEquals(request.getString("id"), reply.getString("id"));
        assertEquals(text("img-addr"), reply.getJsonObject("data").getString("addr"));
        assertTrue(browser.findElement(By.cssSelector("#log .received .rtt")).getText().matches("\\d+ ms"));

        browser.findElement(By.cssSelector("#log .sent .copy")).click();
        waitFor(textToBePresentInElementLocated(By.cssSelector("#log .sent .copy"), "已复制"));
        Object copied = browser.executeAsyncScript("navigator.clipboard.readText().then(arguments[0])");
        assertEquals(request, WsClient.parse((String) copied));
        assertFalse(((String) copied).contains("\n"), "the frame as sent, on one line: " + copied);
        // What was copied is a request the service answers as such.
        try (WsClient client = WsClient.connect(deployment)) {
            assertEquals("0", client.call((String) copied).getString("status"));
        }
    }

    @Test
    void withoutAClipboardTheCopyButtonSelectsTheRequest() {
        open(deployment);
        // As on a page served over plain http to another host: no clipboard API.
        browser.executeScript("Object.defineProperty(navigator, 'clipboard', {value: undefined})");
        generateImage();

        browser.findElement(By.cssSelector("#log .sent .copy")).click();

        waitFor(textToBePresentInElementLocated(By.cssSelector("#log .sent .copy"), "Ctrl+C"));
        String selected = (String) browser.executeScript("return getSelection().toString()");
        assertEquals(WsClient.parse(browser.findElement(By.cssSelector("#log .sent pre")).getText()),
                WsClient.parse(selected));
    }

    @Test
    void theLogKeepsTheLatestTwoHundredEntriesAndClears() {
        open(deployment);
        int requests = 101;

        browser.executeScript("for (let i = 0; i < arguments[1]; i++) arguments[0].click()",
                browser.findElement(By.id("img-generate")), requests);

        waitFor(driver -> browser.findElements(By.cssSelector("#log .received")).size() == requests);
        assertEquals(200, browser.findElements(By.cssSelector("#log li")).size(), "the oldest three dropped");
        assertEquals(List.of(), browser.findElements(By.cssSelector("#log .note")), "the oldest was the note");

        browser.findElement(By.id("log-clear")).click();
        assertEquals(List.of(), browser.findElements(By.cssSelector("#log li")));
    }

    /**
     * Only where an application can go away and come back at the same address: Payara Micro
     * runs each test deployment as a server of its own on a random port, so a redeployment
     * there is a new address. The reconnecting is the page's own script, whatever the server.
     */
    @Test
    void reconnectsWithGrowingDelaysWhenTheServerGoesAway() throws Exception {
        assumeFalse("payara".equals(System.getProperty("arquillian.launch")),
                "a redeployed WAR on Payara Micro comes back at another port");
        deployer.deploy("restarting");
        try {
            open(new URL(deployment, "/captcha-restarting/"));

            deployer.undeploy("restarting");
            waitFor(driver -> connectionNotes().contains("4"));
            assertEquals(List.of("connected", "1", "2", "4"), connectionNotes().subList(0, 4), "retry delays in s");
            assertEquals("closed", browser.findElement(By.id("state")).getDomAttribute("data-state"));
            assertFalse(browser.findElement(By.id("img-generate")).isEnabled(), "no requests while disconnected");
            assertFalse(browser.findElement(By.id("sms-send-button")).isEnabled(), "no requests while disconnected");

            deployer.deploy("restarting");
            waitFor(attributeToBe(By.id("state"), "data-state", "open"));
            generateImage();
        } finally {
            deployer.undeploy("restarting");
        }
        // One reading per check: the page may log between two.
        waitFor(driver -> {
            List<String> notes = connectionNotes();
            return !notes.isEmpty() && !notes.get(notes.size() - 1).equals("connected");
        });
        List<String> notes = connectionNotes();
        assertEquals("1", notes.get(notes.lastIndexOf("connected") + 1), "a good connection starts the delays afresh");
    }

    @Test
    void fitsAPhoneScreenAndLeavesScreenshots() throws Exception {
        open(deployment);
        generateImage();
        browser.findElement(By.id("sms-phone")).sendKeys("13733334444", Keys.ENTER);
        waitFor(textMatches(By.id("sms-title"), Pattern.compile("\\d{4}")));
        Path target = Path.of(System.getProperty("it.work-dir", "target"));
        Files.write(target.resolve("captcha-page.png"), browser.getScreenshotAs(OutputType.BYTES));

        Dimension desktop = browser.manage().window().getSize();
        browser.manage().window().setSize(new Dimension(390, 1600));
        try {
            Files.write(target.resolve("captcha-page-phone.png"), browser.getScreenshotAs(OutputType.BYTES));
            assertEquals(true, browser.executeScript(
                    "return document.documentElement.scrollWidth <= document.documentElement.clientWidth"),
                    "no sideways scrolling on a phone");
        } finally {
            browser.manage().window().setSize(desktop);
        }
    }

    /** Opens the page and connects it as a developer does: the test servers require a key, typed into its field. */
    private void open(URL base) {
        browser.get(base + "captcha.html");
        browser.findElement(By.id("api-key")).sendKeys(ItKeys.second(), Keys.ENTER);
        waitFor(attributeToBe(By.id("state"), "data-state", "open"));
    }

    /** Generates an image through the page and returns its addr once the image has loaded. */
    private String generateImage() {
        String before = text("img-addr");
        browser.findElement(By.id("img-generate")).click();
        waitFor(driver -> !text("img-addr").equals(before));
        waitFor(imageLoaded());
        return text("img-addr");
    }

    /**
     * The log's notes since the page first connected, oldest first: "connected", or the retry
     * delay in seconds of a close. A keyless attempt refused before {@link #open} typed the key
     * is not the server going away.
     */
    private static List<String> connectionNotes() {
        List<String> notes = new ArrayList<>();
        for (WebElement note : browser.findElements(By.cssSelector("#log .note"))) {
            Matcher retry = RETRY_NOTE.matcher(note.getText());
            notes.add(0, retry.find() ? retry.group(1) : "connected");
        }
        int connected = notes.indexOf("connected");
        return connected < 0 ? notes : notes.subList(connected, notes.size());
    }

    /** How many handshakes the page saw fail (it cannot tell a 401 from an unreachable server). */
    private static int refusals() {
        return (int) browser.findElements(By.cssSelector("#log .note")).stream()
                .filter(note -> note.getText().contains("API key needed?")).count();
    }

    private static ExpectedCondition<Boolean> imageLoaded() {
        return driver -> (Boolean) browser.executeScript(
                "const img = document.getElementById('img'); return img.complete && img.naturalWidth > 0");
    }

    private static String text(String id) {
        return browser.findElement(By.id(id)).getText();
    }

    private static void waitFor(ExpectedCondition<?> condition) {
        new WebDriverWait(browser, WAIT).until(condition);
    }
}
