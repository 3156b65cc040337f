package org.captchaws.image;

import java.util.Optional;

/** What an image captcha asks of a person: {@code data.kind} on {@code captcha/img/generate}. */
public enum CaptchaKind {
    /** Letters and digits to type; the seed's only kind, and the default. */
    TEXT("text"),
    /** A small sum to work out; the answer is its result in digits. */
    MATH("math"),
    /** Common Chinese characters to type. */
    CHINESE("chinese"),
    /** Letters and digits in an animated GIF, no frame of which shows them all. */
    GIF("gif");

    private final String wireName;

    CaptchaKind(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    /** The kind a request names, exactly as written; empty for a name that is none. */
    public static Optional<CaptchaKind> named(String name) {
        for (CaptchaKind kind : values()) {
            if (kind.wireName.equals(name)) {
                return Optional.of(kind);
            }
        }
        return Optional.empty();
    }
}
