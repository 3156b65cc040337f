package org.captchaws.client;

/** The kinds of image captcha the service draws ({@code data.kind}). */
public enum ImageKind {
    /** Letters and digits; what a request without a kind gets. */
    TEXT("text"),
    /** A small sum; the answer is its result in digits. */
    MATH("math"),
    /** Common Chinese characters. */
    CHINESE("chinese"),
    /** Letters and digits in an animated GIF. */
    GIF("gif");

    private final String wireName;

    ImageKind(String wireName) {
        this.wireName = wireName;
    }

    String wireName() {
        return wireName;
    }
}
