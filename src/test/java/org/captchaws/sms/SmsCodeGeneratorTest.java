package org.captchaws.sms;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SmsCodeGeneratorTest {

    @ParameterizedTest
    @ValueSource(ints = {4, 5, 6, 7, 8})
    void makesDigitCodesOfTheConfiguredLength(int length) {
        SmsCodeGenerator generator = new SmsCodeGenerator(length, new Random(7));

        for (int i = 0; i < 100; i++) {
            String code = generator.next();
            assertTrue(code.matches("\\d{" + length + "}"), code);
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {-1, 0, 3, 9, 12})
    void rejectsLengthsOutsideFourToEight(int length) {
        assertThrows(IllegalArgumentException.class, () -> new SmsCodeGenerator(length, new Random()));
    }

    @Test
    void requiresARandomSource() {
        assertThrows(NullPointerException.class, () -> new SmsCodeGenerator(6, null));
    }

    @Test
    void takesEachDigitFromTheRandomSource() {
        SmsCodeGenerator generator = new SmsCodeGenerator(4, new ScriptedRandom(List.of(3, 1, 4, 1, 5, 9, 2, 6)));

        assertEquals("3141", generator.next());
        assertEquals("5926", generator.next());
    }

    @Test
    void usesEveryDigit() {
        SmsCodeGenerator generator = new SmsCodeGenerator(8, new Random(42));
        Set<Integer> seen = new HashSet<>();

        IntStream.range(0, 50).forEach(i -> generator.next().chars().forEach(seen::add));

        assertEquals(10, seen.size(), seen::toString);
    }

    /** Hands out a fixed sequence, checking that digits are asked for with bound 10. */
    private static final class ScriptedRandom extends Random {

        private final List<Integer> values;
        private int next;

        ScriptedRandom(List<Integer> values) {
            this.values = values;
        }

        @Override
        public int nextInt(int bound) {
            assertEquals(10, bound);
            return values.get(next++);
        }
    }
}
