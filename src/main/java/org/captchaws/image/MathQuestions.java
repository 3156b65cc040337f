package org.captchaws.image;

import java.util.Objects;
import java.util.Random;

/**
 * Arithmetic a person does in the head: a sum or difference of numbers up to 20, or a product
 * of two numbers from 2 to 9. Never negative, never a fraction; computed here in integers, no
 * script engine.
 */
public final class MathQuestions {

    /** A question to draw and its answer to type. */
    public record Question(String text, String answer) {
    }

    static final int MAX_TERM = 20;
    static final int MIN_FACTOR = 2;
    static final int MAX_FACTOR = 9;

    private final Random random;

    public MathQuestions(Random random) {
        this.random = Objects.requireNonNull(random, "random");
    }

    public Question next() {
        return switch (random.nextInt(3)) {
            case 0 -> {
                int a = between(1, MAX_TERM);
                int b = between(1, MAX_TERM);
                yield question(a, '+', b, a + b);
            }
            case 1 -> {
                int a = between(2, MAX_TERM);
                int b = between(1, a - 1);
                yield question(a, '-', b, a - b);
            }
            default -> {
                int a = between(MIN_FACTOR, MAX_FACTOR);
                int b = between(MIN_FACTOR, MAX_FACTOR);
                yield question(a, '×', b, a * b);
            }
        };
    }

    private int between(int low, int high) {
        return low + random.nextInt(high - low + 1);
    }

    private static Question question(int a, char operator, int b, int result) {
        // No spaces: five to seven glyphs, as wide as a text captcha.
        return new Question(a + String.valueOf(operator) + b + "=?", Integer.toString(result));
    }
}
