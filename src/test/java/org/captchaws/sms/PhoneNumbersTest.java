package org.captchaws.sms;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.captchaws.failure.CaptchaException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class PhoneNumbersTest {

    @ParameterizedTest
    @ValueSource(strings = {"13711112222", "+8613711112222", "8613711112222", "008613711112222"})
    void acceptsEachPrefix(String raw) throws CaptchaException {
        assertEquals("+8613711112222", PhoneNumbers.toE164(raw));
    }

    @ParameterizedTest
    @ValueSource(strings = {"13000000000", "14000000000", "15000000000", "16000000000", "17000000000",
        "18000000000", "19999999999"})
    void acceptsEverySecondDigitFromThreeToNine(String raw) throws CaptchaException {
        assertEquals("+86" + raw, PhoneNumbers.toE164(raw));
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {
        "1371111222",                 // 10 digits
        "137111122223",               // 12 digits
        "12711112222",                // 12x is not a mobile range
        "10711112222",
        "23711112222",                // does not start with 1
        "1371111222a",
        "137 1111 2222",
        " 13711112222",
        "13711112222 ",
        "137-1111-2222",
        "+14155552671",               // foreign
        "+8613711112222 ",
        "+86137111122223",            // extra digit after +86
        "+86 13711112222",
        "+8513711112222",
        "08613711112222",             // 086 is not a valid prefix
        "000861371111222",
        "+008613711112222",
        "８６１３７１１１１２２２２",        // full-width digits
        "+86",
    })
    void rejectsAnythingElseAsBadPhoneFormat(String raw) {
        CaptchaException e = assertThrows(CaptchaException.class, () -> PhoneNumbers.toE164(raw));

        assertEquals(1016, e.code());
        assertEquals("手机号格式错误", e.getMessage());
        assertNull(e.getCause());
    }

    @Test
    void masksTheMiddleFourDigits() {
        assertEquals("+86137****2222", PhoneNumbers.mask("+8613711112222"));
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"13711112222", "+14155552671", "+86137111122223"})
    void hidesEverythingThatIsNotANormalisedNumber(String notE164) {
        assertEquals("****", PhoneNumbers.mask(notE164));
    }
}
