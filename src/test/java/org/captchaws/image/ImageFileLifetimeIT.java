package org.captchaws.image;

import jakarta.json.JsonObject;
import org.captchaws.testing.Deployments;
import org.captchaws.testing.Eventually;
import org.captchaws.testing.WsClient;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

import static org.captchaws.testing.Envelopes.generateImage;
import static org.captchaws.testing.Envelopes.verifyImage;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * An image's file lives shorter than its answer: the file goes after
 * {@code captcha.image.file-lifetime-seconds}, the answer still verifies until its TTL. The
 * listing cleanup is made too slow to be the one that deletes it.
 */
@ExtendWith(ArquillianExtension.class)
class ImageFileLifetimeIT {

    private static final Duration FILE_LIFETIME = Duration.ofSeconds(2);
    private static final Duration TTL = Duration.ofMinutes(2);
    private static final Path IMAGES = Path.of(System.getProperty("it.work-dir", "target"), "lifetime-images");

    @Deployment(testable = false)
    static WebArchive captcha() {
        return Deployments.builtWarWith("captcha-lifetime", """
                captcha.image.dir=%s
                captcha.image.file-lifetime-seconds=%d
                captcha.verify.ttl-seconds=%d
                captcha.cleanup.interval-seconds=3600
                """.formatted(IMAGES.toAbsolutePath(), FILE_LIFETIME.toSeconds(), TTL.toSeconds()));
    }

    @ArquillianResource
    URL captcha;

    @Test
    void theFileGoesAfterItsLifetimeWhileTheAnswerStillVerifies() throws Exception {
        try (WsClient client = WsClient.connect(captcha)) {
            JsonObject image = client.call(generateImage("g")).getJsonObject("data");
            Instant generated = Instant.now();
            Path file = IMAGES.resolve(image.getString("addr"));
            assertTrue(Files.exists(file), "the file is there when the reply comes");

            Eventually.await(FILE_LIFETIME.multipliedBy(10), "the file is deleted", () -> !Files.exists(file));
            assertTrue(Duration.between(generated, Instant.now()).compareTo(FILE_LIFETIME.minusMillis(500)) >= 0,
                    "not before its lifetime");

            JsonObject reply = client.call(verifyImage(image.getString("addr"), image.getString("title")));
            assertEquals("0", reply.getString("status"), reply.toString());
        }
    }
}
