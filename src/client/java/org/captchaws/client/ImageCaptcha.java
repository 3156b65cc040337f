package org.captchaws.client;

import java.net.URI;

/**
 * An image captcha the service generated.
 *
 * @param title    the text in the image: the answer. Keep it on the back-end (or let the service
 *                 check answers with {@link CaptchaClient#verifyImage}); never send it to a browser
 * @param addr     the image's file name
 * @param imageUrl where the service serves the image ({@code http[s]://host:port/<context>/images/<addr>})
 * @param dataUrl  the image itself as a {@code data:image/png;base64,...} (or {@code image/gif}) URL, for a
 *                 page that cannot reach the service; null unless asked for ({@code inline})
 */
public record ImageCaptcha(String title, String addr, URI imageUrl, String dataUrl) {
}
