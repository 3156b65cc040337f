package org.captchaws.image;

import jakarta.json.JsonObject;
import org.captchaws.testing.Concurrently;
import org.captchaws.testing.Deployments;
import org.captchaws.testing.WsClient;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;

import static org.captchaws.testing.Envelopes.generateImage;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** Image captchas as a client uses them: generated over the WebSocket, fetched over HTTP. */
@ExtendWith(ArquillianExtension.class)
class ImageCaptchaIT {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(WsClient.TIMEOUT).build();

    @Deployment(testable = false)
    static WebArchive captcha() {
        return Deployments.builtWar();
    }

    @ArquillianResource
    URL captcha;

    @Test
    void theImageIsServedAsAPngOfTheConfiguredSize() throws Exception {
        String addr;
        try (WsClient client = WsClient.connect(captcha)) {
            addr = client.call(generateImage("img")).getJsonObject("data").getString("addr");
        }

        HttpResponse<byte[]> response = get("images/" + addr);

        assertEquals(200, response.statusCode());
        assertEquals("image/png", response.headers().firstValue("Content-Type").orElse(""));
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(response.body()));
        assertNotNull(image, "the body decodes as an image");
        assertEquals(160, image.getWidth());
        assertEquals(60, image.getHeight());
    }

    /**
     * Where the test server maps an external images folder, as server-config/ tells operators
     * to (the Payara run applies server-config/payara), the image is that folder's file.
     */
    @Test
    void theImageIsServedFromTheExternalFolderTheServerMaps() throws Exception {
        String folder = System.getProperty("it.images-dir");
        assumeTrue(folder != null, "this test server maps no external images folder");
        String addr;
        try (WsClient client = WsClient.connect(captcha)) {
            addr = client.call(generateImage("external")).getJsonObject("data").getString("addr");
        }

        HttpResponse<byte[]> response = get("images/" + addr);

        assertEquals(200, response.statusCode());
        assertArrayEquals(Files.readAllBytes(Path.of(folder, addr)), response.body());
    }

    @Test
    void theImagesFolderIsNotListed() throws Exception {
        try (WsClient client = WsClient.connect(captcha)) {
            String addr = client.call(generateImage("listing")).getJsonObject("data").getString("addr");

            HttpResponse<byte[]> listing = get("images/");

            assertNotEquals(200, listing.statusCode());
            assertFalse(new String(listing.body()).contains(addr));
        }
    }

    @Test
    void twoHundredPipelinedRequestsOnOneConnectionAreAllAnswered() throws Exception {
        int count = 200;
        try (WsClient client = WsClient.connect(captcha)) {
            for (int i = 0; i < count; i++) {
                client.send(generateImage("p" + i));
            }
            Map<String, String> addrById = new HashMap<>();
            for (int i = 0; i < count; i++) {
                JsonObject reply = client.next();
                assertEquals("0", reply.getString("status"));
                addrById.put(reply.getString("id"), reply.getJsonObject("data").getString("addr"));
            }

            assertEquals(count, addrById.size(), "each id answered once");
            assertEquals(count, new HashSet<>(addrById.values()).size(), "each addr unique");
            for (int i = 0; i < count; i++) {
                assertTrue(addrById.containsKey("p" + i), "p" + i);
            }
        }
    }

    @Test
    void fiftyConcurrentConnectionsAreAllServed() throws Exception {
        int connections = 50;

        List<String> addrs = Concurrently.run(connections, 120, i -> {
            String id = "c" + i;
            try (WsClient client = WsClient.connect(captcha)) {
                JsonObject reply = client.call(generateImage(id));
                assertEquals(id, reply.getString("id"));
                assertEquals("0", reply.getString("status"));
                return reply.getJsonObject("data").getString("addr");
            }
        });

        assertEquals(connections, new HashSet<>(addrs).size());
    }

    private HttpResponse<byte[]> get(String path) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(captcha + path)).timeout(WsClient.TIMEOUT).build();
        return HTTP.send(request, HttpResponse.BodyHandlers.ofByteArray());
    }
}
