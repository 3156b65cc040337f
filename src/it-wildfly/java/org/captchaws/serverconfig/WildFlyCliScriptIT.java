package org.captchaws.serverconfig;

import jakarta.json.JsonObject;
import org.captchaws.testing.Eventually;
import org.captchaws.testing.WsClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.wildfly.core.launcher.Launcher;
import org.wildfly.core.launcher.StandaloneCommandBuilder;

import java.io.IOException;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static org.captchaws.testing.Envelopes.generateImage;
import static org.captchaws.testing.Envelopes.verifyImage;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * server-config/wildfly/captcha-ws.cli as an operator applies it: with the server's own CLI,
 * offline, to a freshly provisioned WildFly (the build copies one to {@code it.cli-server}),
 * with one of the script's commented settings switched on. Then the WAR is dropped into
 * {@code standalone/deployments}, the server started with CAPTCHA_IMAGE_DIR in its environment,
 * and used as a client would: images land in that folder, are served from it at
 * /captcha/images/ (with nosniff), and the setting is taken.
 */
class WildFlyCliScriptIT {

    private static final Path SCRIPT = Path.of("server-config", "wildfly", "captcha-ws.cli");
    /** One of the settings the script offers, commented out: the test switches it on. */
    private static final String OFFERED_SETTING = "#/system-property=captcha.image.length:add(value=5)";
    private static final int IMAGE_LENGTH = 7;
    private static final Duration START_TIMEOUT = Duration.ofMinutes(3);
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(WsClient.TIMEOUT).build();

    private static Path imagesDir;
    private static Path serverLog;
    private static Process server;
    private static URL captcha;

    @BeforeAll
    static void applyTheScriptAndStartTheServer() throws Exception {
        String home = System.getProperty("it.cli-server");
        assumeTrue(home != null, "only the WildFly run provisions a server for the CLI script");
        Path jbossHome = Path.of(home).toAbsolutePath();
        Path work = Files.createDirectories(Path.of(System.getProperty("it.work-dir", "target"), "cli-it"));
        imagesDir = Files.createTempDirectory(work, "images");
        serverLog = work.resolve("server-console.log");

        Path script = work.resolve("captcha-ws.cli");
        String original = Files.readString(SCRIPT, StandardCharsets.UTF_8);
        assertTrue(original.contains(OFFERED_SETTING), "the script offers " + OFFERED_SETTING);
        Files.writeString(script, original.replace(OFFERED_SETTING,
                "/system-property=captcha.image.length:add(value=" + IMAGE_LENGTH + ")"), StandardCharsets.UTF_8);
        applyOffline(jbossHome, script, work.resolve("cli.log"));

        Files.copy(Path.of(System.getProperty("war.file", "target/captcha-ws.war")),
                jbossHome.resolve("standalone/deployments/captcha-ws.war"), StandardCopyOption.REPLACE_EXISTING);
        int offset = Integer.parseInt(System.getProperty("it.port-offset", "100")) + 50;
        StandaloneCommandBuilder command = StandaloneCommandBuilder.of(jbossHome)
                .addJavaOptions("-Xmx512m", "-Djava.awt.headless=true",
                        "-Djboss.socket.binding.port-offset=" + offset);
        server = Launcher.of(command)
                .addEnvironmentVariable("CAPTCHA_IMAGE_DIR", imagesDir.toString())
                .setRedirectErrorStream(true)
                .redirectOutput(serverLog)
                .launch();
        awaitDeployment(jbossHome.resolve("standalone/deployments"));
        captcha = URI.create("http://127.0.0.1:" + (8080 + offset) + "/captcha/").toURL();
    }

    @AfterAll
    static void stopTheServer() throws InterruptedException {
        if (server != null) {
            server.destroy();
            if (!server.waitFor(60, TimeUnit.SECONDS)) {
                server.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
    }

    @Test
    void imagesAreWrittenToTheExternalFolderAndServedFromIt() throws Exception {
        String addr;
        try (WsClient client = WsClient.connect(captcha)) {
            addr = client.call(generateImage("cli")).getJsonObject("data").getString("addr");
        }
        Path file = imagesDir.resolve(addr);
        assertTrue(Files.isRegularFile(file), "the image is in CAPTCHA_IMAGE_DIR: " + file);

        HttpResponse<byte[]> response = HTTP.send(HttpRequest.newBuilder(captcha.toURI().resolve("images/" + addr))
                .timeout(WsClient.TIMEOUT).build(), HttpResponse.BodyHandlers.ofByteArray());

        assertEquals(200, response.statusCode());
        assertEquals("image/png", response.headers().firstValue("Content-Type").orElse(""));
        assertEquals("nosniff", response.headers().firstValue("X-Content-Type-Options").orElse(""));
        assertArrayEquals(Files.readAllBytes(file), response.body());
    }

    @Test
    void aSettingSwitchedOnInTheScriptIsTaken() throws Exception {
        try (WsClient client = WsClient.connect(captcha)) {
            JsonObject data = client.call(generateImage("length")).getJsonObject("data");

            assertEquals(IMAGE_LENGTH, data.getString("title").length(), data.toString());
        }
    }

    @Test
    void aRightAnswerDeletesItsImageFromTheExternalFolder() throws Exception {
        try (WsClient client = WsClient.connect(captcha)) {
            JsonObject data = client.call(generateImage("used")).getJsonObject("data");
            Path file = imagesDir.resolve(data.getString("addr"));
            assertTrue(Files.exists(file));

            JsonObject verified = client.call(verifyImage(data.getString("addr"), data.getString("title")));

            assertEquals("0", verified.getString("status"), verified.toString());
            assertFalse(Files.exists(file), "a used captcha's image is deleted");
        }
    }

    /** What `jboss-cli.sh --commands="embed-server,run-batch --file=captcha-ws.cli"` runs. */
    private static void applyOffline(Path jbossHome, Path script, Path log) throws Exception {
        String java = ProcessHandle.current().info().command().orElse("java");
        ProcessBuilder command = new ProcessBuilder(java, "-Djboss.home.dir=" + jbossHome,
                "-jar", jbossHome.resolve("jboss-modules.jar").toString(),
                "-mp", jbossHome.resolve("modules").toString(), "org.jboss.as.cli",
                "--commands=embed-server,run-batch --file=" + script.getFileName())
                .directory(script.getParent().toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        command.environment().put("JBOSS_HOME", jbossHome.toString());
        command.environment().put("CAPTCHA_IMAGE_DIR", imagesDir.toString());
        Process cli = command.start();
        cli.getOutputStream().close();
        assertTrue(cli.waitFor(2, TimeUnit.MINUTES), "the CLI finished");
        String output = Files.readString(log);
        assertEquals(0, cli.exitValue(), output);
        assertTrue(output.contains("The batch executed successfully"), output);
    }

    private static void awaitDeployment(Path deployments) throws Exception {
        Path deployed = deployments.resolve("captcha-ws.war.deployed");
        Path failed = deployments.resolve("captcha-ws.war.failed");
        Eventually.await(START_TIMEOUT, "captcha-ws.war deployed by the scanner (" + serverLog + ")", () -> {
            if (Files.exists(failed) || !server.isAlive()) {
                throw new IllegalStateException("the server failed to deploy the WAR: " + tail(serverLog));
            }
            return Files.exists(deployed);
        });
    }

    private static String tail(Path log) throws IOException {
        String text = Files.exists(log) ? Files.readString(log) : "";
        return text.substring(Math.max(0, text.length() - 4000));
    }
}
