import org.captchaws.client.CaptchaClient;
import org.captchaws.client.ImageCaptcha;
import org.captchaws.client.Verification;

import java.net.URI;

/**
 * A back-end as small as it gets, run by ClientJarIT with nothing on its class path but the
 * client jar and its declared dependencies: java -cp captcha-ws-client.jar:client-lib/* Example.java ENDPOINT
 * (the API key from CAPTCHA_API_KEY). The README's example is this program's middle.
 */
public class Example {
    public static void main(String[] args) {
        try (CaptchaClient captcha = CaptchaClient.builder()
                .endpoint(URI.create(args[0]))
                .apiKey(System.getenv("CAPTCHA_API_KEY"))
                .build()) {
            ImageCaptcha image = captcha.imageCaptcha();
            System.out.println("image " + image.imageUrl());
            Verification first = captcha.verifyImage(image.addr(), image.title());
            Verification again = captcha.verifyImage(image.addr(), image.title());
            System.out.println("verified " + first + ", then " + again);
        }
    }
}
