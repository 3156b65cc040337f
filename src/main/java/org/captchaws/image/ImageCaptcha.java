package org.captchaws.image;

import jakarta.json.bind.annotation.JsonbPropertyOrder;

/**
 * The data of a successful image reply.
 *
 * @param title the text in the image
 * @param addr the image's file name under {@code /captcha/images/}
 */
@JsonbPropertyOrder({"title", "addr"})
public record ImageCaptcha(String title, String addr) {
}
