package org.captchaws.image;

import jakarta.json.bind.annotation.JsonbPropertyOrder;

/**
 * The data of a successful image reply.
 *
 * @param title the answer: the text in the image, or a math question's result
 * @param addr the image's file name under {@code /captcha/images/}
 * @param image the file's bytes as a {@code data:} URL when the request asked for them inline;
 *              null otherwise, and then not in the reply at all, which keeps the seed's shape
 */
@JsonbPropertyOrder({"title", "addr", "image"})
public record ImageCaptcha(String title, String addr, String image) {

    public ImageCaptcha(String title, String addr) {
        this(title, addr, null);
    }
}
