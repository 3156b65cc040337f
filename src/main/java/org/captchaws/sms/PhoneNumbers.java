package org.captchaws.sms;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.captchaws.failure.CaptchaException;
import org.captchaws.failure.ErrorCode;

/**
 * Mainland China mobile numbers, the only destinations the SMS templates are approved for.
 */
public final class PhoneNumbers {

    // \d is ASCII-only without UNICODE_CHARACTER_CLASS, so full-width digits are rejected too.
    private static final Pattern MAINLAND_MOBILE = Pattern.compile("(?:\\+86|0086|86)?(1[3-9]\\d{9})");
    private static final Pattern E164_MAINLAND = Pattern.compile("\\+86\\d{11}");
    private static final String FULLY_MASKED = "****";

    private PhoneNumbers() {
    }

    /**
     * Normalises a user-typed mainland mobile number to E.164, the form Tencent requires.
     *
     * @throws CaptchaException 1016 for anything that is not a mainland mobile number
     */
    public static String toE164(String raw) throws CaptchaException {
        if (raw == null) {
            throw new CaptchaException(ErrorCode.INVALID_PHONE);
        }
        Matcher matcher = MAINLAND_MOBILE.matcher(raw);
        if (!matcher.matches()) {
            throw new CaptchaException(ErrorCode.INVALID_PHONE);
        }
        return "+86" + matcher.group(1);
    }

    /**
     * Hides the middle four digits so logs can tell numbers apart without storing them.
     * Input that is not a normalised number is hidden entirely rather than guessed at.
     */
    public static String mask(String e164) {
        if (e164 == null || !E164_MAINLAND.matcher(e164).matches()) {
            return FULLY_MASKED;
        }
        return e164.substring(0, 6) + "****" + e164.substring(10);
    }
}
