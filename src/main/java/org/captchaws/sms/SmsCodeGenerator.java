package org.captchaws.sms;

import java.util.Objects;
import java.util.Random;

/**
 * Makes numeric verification codes. Production should pass a {@link java.security.SecureRandom};
 * the source is injected so tests can make codes predictable.
 */
public final class SmsCodeGenerator {

    private static final int MIN_LENGTH = 4;
    private static final int MAX_LENGTH = 8;

    private final int length;
    private final Random random;

    public SmsCodeGenerator(int length, Random random) {
        if (length < MIN_LENGTH || length > MAX_LENGTH) {
            throw new IllegalArgumentException(
                    "SMS code length must be " + MIN_LENGTH + ".." + MAX_LENGTH + ", was " + length);
        }
        this.length = length;
        this.random = Objects.requireNonNull(random, "random");
    }

    public String next() {
        StringBuilder code = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            code.append((char) ('0' + random.nextInt(10)));
        }
        return code.toString();
    }
}
