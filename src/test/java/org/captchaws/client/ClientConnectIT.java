package org.captchaws.client;

import org.captchaws.testing.Deployments;
import org.captchaws.testing.Eventually;
import org.captchaws.testing.ItKeys;
import org.captchaws.testing.WsClient;
import org.jboss.arquillian.container.test.api.Deployer;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.OperateOnDeployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.File;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipFile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

/**
 * The client's connections against the WAR: a refused key or network is a clear error at
 * connect; the service going away and coming back is survived by the same client; and the jar
 * as built serves a back-end that has nothing else.
 */
@ExtendWith(ArquillianExtension.class)
class ClientConnectIT {

    private static final String KEY = "client-it-key-0123456789abcdefghijklmnop";
    private static final String LOG_PROVIDER = "captcha.sms.provider=log\n";
    private static final Path TARGET = Path.of(System.getProperty("it.work-dir", "target"));

    @Deployment(name = "keys", testable = false)
    static WebArchive keys() {
        return Deployments.builtWarWith("captcha-client-keys", LOG_PROVIDER + "captcha.auth.keys=" + KEY + "\n");
    }

    /** The right key, but the tests connect from 127.0.0.1, outside the one network allowed. */
    @Deployment(name = "networks", testable = false)
    static WebArchive networks() {
        return Deployments.builtWarWith("captcha-client-networks",
                "captcha.auth.keys=" + KEY + "\ncaptcha.auth.allowed-networks=10.0.0.0/8\n");
    }

    /** Deployed and undeployed by the redeploy test, as a restarting service would be. */
    @Deployment(name = "restarting", managed = false, testable = false)
    static WebArchive restarting() {
        return Deployments.builtWarWith("captcha-client-restarting", LOG_PROVIDER);
    }

    @ArquillianResource
    @OperateOnDeployment("keys")
    URL keysUrl;

    @ArquillianResource
    @OperateOnDeployment("networks")
    URL networksUrl;

    @ArquillianResource
    Deployer deployer;

    @Test
    void aWrongKeyFailsAtConnectSayingTheKeyWasRefused() {
        CaptchaServiceException refused = assertThrows(CaptchaServiceException.class,
                () -> CaptchaClient.builder().endpoint(WsClient.endpoint(keysUrl)).apiKey("w".repeat(40)).build());

        assertEquals(CaptchaServiceException.KEY_REFUSED, refused.code());
        assertTrue(refused.errmsg().contains("refused the API key"), refused.errmsg());
        assertTrue(refused.errmsg().contains("HTTP 401"), refused.errmsg());
        assertFalse(refused.errmsg().contains("w".repeat(40)), "never the key itself");
        assertFalse(refused.isRetryable());
        assertNull(refused.requestId());
    }

    @Test
    void noKeyWhereOneIsRequiredSaysSo() {
        CaptchaServiceException refused = assertThrows(CaptchaServiceException.class,
                () -> CaptchaClient.builder().endpoint(WsClient.endpoint(keysUrl)).build());

        assertEquals(CaptchaServiceException.KEY_REFUSED, refused.code());
        assertTrue(refused.errmsg().contains("requires an API key"), refused.errmsg());
    }

    @Test
    void theRightKeyIsSentAsBearerAndServed() {
        try (CaptchaClient client = CaptchaClient.builder().endpoint(WsClient.endpoint(keysUrl)).apiKey(KEY).build()) {
            ImageCaptcha image = client.imageCaptcha();
            assertEquals(Verification.RIGHT, client.verifyImage(image.addr(), image.title()));
        }
    }

    @Test
    void aNetworkThatIsNotAllowedFailsAtConnectWith403() {
        CaptchaServiceException refused = assertThrows(CaptchaServiceException.class,
                () -> CaptchaClient.builder().endpoint(WsClient.endpoint(networksUrl)).apiKey(KEY).build());

        assertEquals(CaptchaServiceException.NOT_ALLOWED, refused.code());
        assertTrue(refused.errmsg().contains("not allow connections from this network or origin"), refused.errmsg());
        assertTrue(refused.errmsg().contains("HTTP 403"), refused.errmsg());
        assertFalse(refused.isRetryable());
    }

    /**
     * A caller keeps calling while the WAR is undeployed and deployed again: calls in the gap
     * fail retryably, calls after it succeed on the same client. Only where an application can
     * go away and come back at the same address: Payara Micro runs each test deployment as a
     * server of its own on a random port, so a redeployment there is a new address.
     */
    @Test
    void theSameClientServesAgainAfterTheServiceIsRedeployed() throws Exception {
        assumeFalse("payara".equals(System.getProperty("arquillian.launch")),
                "a redeployed WAR on Payara Micro comes back at another port");
        deployer.deploy("restarting");
        URI endpoint = WsClient.endpoint(new URL(keysUrl, "/captcha-client-restarting/"));
        List<Object> outcomes = Collections.synchronizedList(new ArrayList<>());
        AtomicBoolean calling = new AtomicBoolean(true);
        try (CaptchaClient client = CaptchaClient.builder().endpoint(endpoint).apiKey(ItKeys.second())
                .requestTimeout(Duration.ofSeconds(1))
                .reconnectDelays(Duration.ofMillis(50), Duration.ofMillis(400))
                .build()) {
            Thread caller = new Thread(() -> {
                while (calling.get()) {
                    try {
                        ImageCaptcha image = client.imageCaptcha();
                        outcomes.add(client.verifyImage(image.addr(), image.title()));
                    } catch (CaptchaServiceException e) {
                        outcomes.add(e);
                    }
                }
            });
            caller.start();
            int beforeTheDeploy;
            try {
                Eventually.await(Duration.ofSeconds(10), "calls before the undeploy", () -> outcomes.size() >= 5);

                deployer.undeploy("restarting");
                Eventually.await(Duration.ofSeconds(20), "failing calls while undeployed",
                        () -> failures(outcomes).size() >= 3);

                beforeTheDeploy = outcomes.size();
                deployer.deploy("restarting");
                Eventually.await(Duration.ofSeconds(30), "calls served again after the deploy",
                        () -> rightAfter(outcomes, beforeTheDeploy) >= 5);
            } finally {
                calling.set(false);
                caller.join(TimeUnit.SECONDS.toMillis(10));
            }

            for (CaptchaServiceException failure : failures(outcomes)) {
                assertTrue(failure.isRetryable(), failure.getMessage());
            }
            List<Object> all = List.copyOf(outcomes);
            all.stream().filter(o -> o instanceof Verification).forEach(o -> assertEquals(Verification.RIGHT, o));
            assertTrue(all.subList(0, 5).stream().allMatch(Verification.RIGHT::equals), "served before: " + all.subList(0, 5));
            assertTrue(client.timesConnected() >= 3, "two connections, one again at least: " + client.timesConnected());
        } finally {
            deployer.undeploy("restarting");
        }
    }

    /**
     * A back-end program with nothing on its class path but what `mvn package` leaves for it:
     * target/captcha-ws-client.jar and target/client-lib (JSON-P and Parsson), in a JVM of its own.
     */
    @Test
    void aBackendWithOnlyTheJarAndItsDependenciesGeneratesAndVerifies() throws Exception {
        Path jar = TARGET.resolve("captcha-ws-client.jar");
        Path example = Path.of("src/test/resources/client-example/Example.java");
        String classPath = jar + File.pathSeparator + TARGET.resolve("client-lib") + File.separator + "*";
        Path output = Files.createTempFile(TARGET, "client-example", ".txt");
        ProcessBuilder program = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", classPath, example.toString(), WsClient.endpoint(keysUrl).toString())
                .redirectErrorStream(true)
                .redirectOutput(output.toFile());
        program.environment().put("CAPTCHA_API_KEY", KEY);

        Process run = program.start();
        assertTrue(run.waitFor(90, TimeUnit.SECONDS), "the example did not finish");

        String printed = Files.readString(output, StandardCharsets.UTF_8);
        assertEquals(0, run.exitValue(), printed);
        Matcher image = Pattern.compile("image (http://\\S+/captcha-client-keys/images/[0-9a-f]{32}\\.png)").matcher(printed);
        assertTrue(image.find(), printed);
        assertTrue(printed.contains("verified RIGHT, then EXPIRED_OR_USED"), printed);
        HttpResponse<Void> served = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(image.group(1))).build(),
                HttpResponse.BodyHandlers.discarding());
        assertEquals(404, served.statusCode(), "the right answer used the image up: it is deleted");
    }

    @Test
    void theWarCarriesNothingOfTheClient() throws Exception {
        try (ZipFile war = new ZipFile(System.getProperty("war.file", "target/captcha-ws.war"))) {
            List<String> client = war.stream().map(e -> e.getName())
                    .filter(name -> name.contains("org/captchaws/client") || name.contains("captcha-ws-client")).toList();
            assertEquals(List.of(), client);
        }
    }

    private static List<CaptchaServiceException> failures(List<Object> outcomes) {
        synchronized (outcomes) {
            return outcomes.stream().filter(o -> o instanceof CaptchaServiceException)
                    .map(o -> (CaptchaServiceException) o).toList();
        }
    }

    private static long rightAfter(List<Object> outcomes, int index) {
        synchronized (outcomes) {
            return outcomes.subList(index, outcomes.size()).stream().filter(Verification.RIGHT::equals).count();
        }
    }
}
