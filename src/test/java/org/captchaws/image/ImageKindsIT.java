package org.captchaws.image;

import jakarta.json.JsonObject;
import org.captchaws.testing.Deployments;
import org.captchaws.testing.Envelopes;
import org.captchaws.testing.WsClient;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Base64;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The kinds of image captcha ({@code data.kind}) and the image inline ({@code data.inline}), as a client uses them. */
@ExtendWith(ArquillianExtension.class)
class ImageKindsIT {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(WsClient.TIMEOUT).build();
    private static final Pattern LATIN = Pattern.compile("[2-9A-HJ-NP-Za-km-z]{5}");
    private static final Pattern HAN = Pattern.compile("\\p{IsHan}{4}");

    @Deployment(testable = false)
    static WebArchive captcha() {
        return Deployments.builtWar();
    }

    @ArquillianResource
    URL captcha;

    @Test
    void aTextCaptchaIsTheDefaultsKind() throws Exception {
        JsonObject data = generate("\"kind\":\"text\"", "image/png");
        assertTrue(LATIN.matcher(data.getString("title")).matches(), data.toString());
        assertVerifiesOnlyWithItsTitle(data);
    }

    @Test
    void aMathCaptchaIsAnsweredWithTheResultsDigits() throws Exception {
        JsonObject data = generate("\"kind\":\"math\"", "image/png");
        String result = data.getString("title");
        assertTrue(result.matches("\\d{1,2}"), "a small non-negative integer: " + result);
        assertVerifiesOnlyWithItsTitle(data);
    }

    @Test
    void aChineseCaptchaIsAnsweredWithItsCharacters() throws Exception {
        JsonObject data = generate("\"kind\":\"chinese\"", "image/png");
        String characters = data.getString("title");
        assertTrue(HAN.matcher(characters).matches(), characters);
        characters.codePoints().forEach(c -> assertTrue(ChineseCharacters.list().indexOf(c) >= 0, Character.toString(c)));
        assertVerifiesOnlyWithItsTitle(data);
    }

    @Test
    void aGifCaptchaIsAnAnimationServedAsAGif() throws Exception {
        JsonObject data = generate("\"kind\":\"gif\"", null);
        assertTrue(data.getString("addr").endsWith(".gif"), data.getString("addr"));
        HttpResponse<byte[]> file = get("images/" + data.getString("addr"));
        assertEquals("image/gif", file.headers().firstValue("Content-Type").orElse(""));
        byte[] gif = file.body();
        try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(gif))) {
            ImageReader reader = ImageIO.getImageReadersByFormatName("gif").next();
            reader.setInput(in);
            assertEquals(data.getString("title").length(), reader.getNumImages(true), "a frame per character");
            assertEquals(160, reader.read(0).getWidth());
        }
        assertVerifiesOnlyWithItsTitle(data);
    }

    @Test
    void inlineCarriesExactlyTheBytesOfTheServedFile() throws Exception {
        for (String kind : new String[]{"text", "gif"}) {
            JsonObject data = generate("\"kind\":\"" + kind + "\",\"inline\":true", null);
            String type = kind.equals("gif") ? "image/gif" : "image/png";
            String prefix = "data:" + type + ";base64,";
            String image = data.getString("image");
            assertTrue(image.startsWith(prefix), image.substring(0, Math.min(40, image.length())));

            byte[] served = get("images/" + data.getString("addr")).body();

            assertArrayEquals(served, Base64.getDecoder().decode(image.substring(prefix.length())), kind);
        }
    }

    @Test
    void withoutInlineTheReplyHasOnlyTitleAndAddr() throws Exception {
        for (String members : new String[]{"\"kind\":\"math\"", "\"inline\":false"}) {
            JsonObject data = generate(members, null);
            assertEquals(java.util.Set.of("title", "addr"), data.keySet(), members);
        }
    }

    @Test
    void badKindsAndInlinesAreAnsweredWithTheirCodesAndTheConnectionKeepsWorking() throws Exception {
        try (WsClient client = WsClient.connect(captcha)) {
            assertFailure(client.call(Envelopes.generateImageWith("k1", "\"kind\":\"video\"")), 4007, "video");
            assertFailure(client.call(Envelopes.generateImageWith("k2", "\"kind\":\"MATH\"")), 4007, "MATH");
            assertFailure(client.call(Envelopes.generateImageWith("k3", "\"kind\":3")), 4002, "data.kind");
            assertFailure(client.call(Envelopes.generateImageWith("k4", "\"kind\":null")), 4002, "data.kind");
            assertFailure(client.call(Envelopes.generateImageWith("k5", "\"inline\":\"yes\"")), 4002, "data.inline");

            assertEquals("0", client.call(Envelopes.generateImage("after")).getString("status"));
        }
    }

    private static void assertFailure(JsonObject reply, int code, String detail) {
        assertEquals(code, reply.getInt("status"), reply.toString());
        assertTrue(reply.getString("errmsg").contains(detail), reply.toString());
        assertTrue(reply.getJsonObject("data").isEmpty(), reply.toString());
    }

    /** Generates with the data members given; checks the served file's type when {@code type} is given. */
    private JsonObject generate(String dataMembers, String type) throws Exception {
        JsonObject reply;
        try (WsClient client = WsClient.connect(captcha)) {
            reply = client.call(Envelopes.generateImageWith("g", dataMembers));
        }
        assertEquals("0", reply.getString("status"), reply.toString());
        JsonObject data = reply.getJsonObject("data");
        if (type != null) {
            HttpResponse<byte[]> file = get("images/" + data.getString("addr"));
            assertEquals(200, file.statusCode());
            assertEquals(type, file.headers().firstValue("Content-Type").orElse(""));
            assertEquals("nosniff", file.headers().firstValue("X-Content-Type-Options").orElse(""));
        }
        return data;
    }

    private void assertVerifiesOnlyWithItsTitle(JsonObject data) throws Exception {
        try (WsClient client = WsClient.connect(captcha)) {
            String addr = data.getString("addr");
            JsonObject wrong = client.call(Envelopes.verifyImage(addr, "wrong" + data.getString("title")));
            assertEquals(2001, wrong.getInt("status"), wrong.toString());
            JsonObject right = client.call(Envelopes.verifyImage(addr, data.getString("title")));
            assertEquals("0", right.getString("status"), right.toString());
            JsonObject again = client.call(Envelopes.verifyImage(addr, data.getString("title")));
            assertEquals(2002, again.getInt("status"), "single use: " + again);
        }
    }

    private HttpResponse<byte[]> get(String path) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(captcha + path)).timeout(WsClient.TIMEOUT).build();
        return HTTP.send(request, HttpResponse.BodyHandlers.ofByteArray());
    }
}
