package org.captchaws.sms;

import java.util.Map;
import org.captchaws.failure.CaptchaException;
import org.captchaws.failure.ErrorCode;

/**
 * Translates Tencent SMS API 3.0 error codes (strings) into the integer codes of Tencent's old
 * SMS API, which captcha-ws clients were written against and still switch on.
 */
public final class TencentErrorCodes {

    private static final String AUTH_FAILURE_PREFIX = "AuthFailure.";

    /** Outcomes of a call that got no code from Tencent, and of a code not in the table. */
    public static final String TIMEOUT = "Timeout";
    public static final String REQUEST_FAILED = "RequestFailed";
    public static final String REPLY_UNREADABLE = "ReplyUnreadable";
    public static final String OTHER = "Other";
    private static final String SENT = "Ok";
    private static final String AUTH_FAILURE = "AuthFailure";

    private static final Map<String, ErrorCode> BY_TENCENT_CODE = Map.ofEntries(
            Map.entry("LimitExceeded.PhoneNumberThirtySecondLimit", ErrorCode.SMS_TOO_FREQUENT),
            Map.entry("LimitExceeded.PhoneNumberOneHourLimit", ErrorCode.SMS_HOURLY_LIMIT),
            Map.entry("LimitExceeded.PhoneNumberDailyLimit", ErrorCode.SMS_DAILY_LIMIT),
            Map.entry("LimitExceeded.PhoneNumberSameContentDailyLimit", ErrorCode.SMS_SAME_CONTENT_DAILY_LIMIT),
            Map.entry("LimitExceeded.AppDailyLimit", ErrorCode.SMS_APP_DAILY_LIMIT),
            Map.entry("LimitExceeded.DeliveryFrequencyLimit", ErrorCode.SMS_DELIVERY_TOO_FREQUENT),
            Map.entry("InvalidParameterValue.IncorrectPhoneNumber", ErrorCode.INVALID_PHONE),
            Map.entry("FailedOperation.PhoneNumberParseFail", ErrorCode.INVALID_PHONE),
            Map.entry("FailedOperation.PhoneNumberInBlacklist", ErrorCode.PHONE_BLACKLISTED),
            Map.entry("FailedOperation.SignatureIncorrectOrUnapproved", ErrorCode.SMS_SIGNATURE_UNAPPROVED),
            Map.entry("FailedOperation.TemplateIncorrectOrUnapproved", ErrorCode.SMS_TEMPLATE_MISMATCH),
            Map.entry("FailedOperation.TemplateParamSetNotMatchApprovedTemplate", ErrorCode.SMS_TEMPLATE_MISMATCH),
            Map.entry("InvalidParameterValue.TemplateParameterLengthLimit", ErrorCode.SMS_TEMPLATE_PARAM_TOO_LONG),
            Map.entry("FailedOperation.InsufficientBalanceInSmsPackage", ErrorCode.SMS_PACKAGE_EXHAUSTED),
            Map.entry("UnauthorizedOperation.ServiceSuspendDueToArrears", ErrorCode.SMS_SUSPENDED_FOR_ARREARS),
            Map.entry("InvalidParameterValue.SdkAppIdNotExist", ErrorCode.SMS_APP_NOT_FOUND),
            Map.entry("InternalError.RequestTimeException", ErrorCode.SMS_CLOCK_SKEW),
            // Tencent's own "delivery timed out" is what the old API reported as 1008.
            Map.entry("InternalError.Timeout", ErrorCode.SMS_TIMEOUT));

    private TencentErrorCodes() {
    }

    /**
     * The exception to hand the client for a Tencent error. Unmapped codes keep Tencent's code and
     * message in the text, because without them nobody could tell what actually went wrong.
     */
    public static CaptchaException toException(String tencentCode, String tencentMessage, Throwable cause) {
        ErrorCode mapped = lookup(tencentCode);
        if (mapped != null) {
            return new CaptchaException(mapped, cause);
        }
        String detail = tencentMessage == null || tencentMessage.isBlank()
                ? tencentCode
                : tencentCode + ": " + tencentMessage;
        return new CaptchaException(ErrorCode.SMS_SEND_FAILED, detail, cause);
    }

    /**
     * A Tencent answer as a metrics label from a fixed set, whatever Tencent (or whoever answers
     * in its place) sends: {@code Ok}, a code of the table above, {@code AuthFailure} for all of
     * that family, else {@code Other}.
     */
    public static String outcome(String tencentCode) {
        if (SENT.equals(tencentCode) || (tencentCode != null && BY_TENCENT_CODE.containsKey(tencentCode))) {
            return tencentCode;
        }
        if (tencentCode != null && tencentCode.startsWith(AUTH_FAILURE_PREFIX)) {
            return AUTH_FAILURE;
        }
        return OTHER;
    }

    private static ErrorCode lookup(String tencentCode) {
        if (tencentCode == null) {
            return null;
        }
        if (tencentCode.startsWith(AUTH_FAILURE_PREFIX)) {
            return ErrorCode.SMS_AUTH_FAILED;
        }
        return BY_TENCENT_CODE.get(tencentCode);
    }
}
