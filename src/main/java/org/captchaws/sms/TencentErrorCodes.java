package org.captchaws.sms;

import java.util.Map;
import org.captchaws.protocol.CaptchaException;
import org.captchaws.protocol.ErrorCode;

/**
 * Translates Tencent SMS API 3.0 error codes (strings) into the integer codes of Tencent's old
 * SMS API, which captcha-ws clients were written against and still switch on.
 */
public final class TencentErrorCodes {

    /** Legacy catch-all; the message then carries Tencent's own code so it can be looked up. */
    public static final int OTHER = 1007;

    static final SmsError INVALID_PHONE = SmsError.of(ErrorCode.INVALID_PHONE);
    static final SmsError TIMEOUT = new SmsError(1008, "短信服务请求超时");
    static final SmsError AUTH_FAILURE = new SmsError(1001, "短信服务鉴权失败");
    private static final SmsError TOO_FREQUENT = SmsError.of(ErrorCode.SMS_TOO_FREQUENT);
    private static final SmsError HOURLY_LIMIT = SmsError.of(ErrorCode.SMS_HOURLY_LIMIT);
    private static final SmsError DAILY_LIMIT = SmsError.of(ErrorCode.SMS_DAILY_LIMIT);

    private static final String AUTH_FAILURE_PREFIX = "AuthFailure.";
    private static final SmsError TEMPLATE_MISMATCH = new SmsError(1014, "短信模板未审批或与模板内容不匹配");

    private static final Map<String, SmsError> BY_TENCENT_CODE = Map.ofEntries(
            Map.entry("LimitExceeded.PhoneNumberThirtySecondLimit", TOO_FREQUENT),
            Map.entry("LimitExceeded.PhoneNumberOneHourLimit", HOURLY_LIMIT),
            Map.entry("LimitExceeded.PhoneNumberDailyLimit", DAILY_LIMIT),
            Map.entry("LimitExceeded.PhoneNumberSameContentDailyLimit",
                    new SmsError(1026, "同一手机号相同内容发送条数超过上限")),
            Map.entry("LimitExceeded.AppDailyLimit", new SmsError(1022, "短信日发送条数超过应用上限")),
            Map.entry("LimitExceeded.DeliveryFrequencyLimit", new SmsError(1013, "短信发送频率超过限制")),
            Map.entry("InvalidParameterValue.IncorrectPhoneNumber", INVALID_PHONE),
            Map.entry("FailedOperation.PhoneNumberParseFail", INVALID_PHONE),
            Map.entry("FailedOperation.PhoneNumberInBlacklist", new SmsError(1015, "手机号在免打扰名单中")),
            Map.entry("FailedOperation.SignatureIncorrectOrUnapproved",
                    new SmsError(1012, "短信签名未审批或格式错误")),
            Map.entry("FailedOperation.TemplateIncorrectOrUnapproved", TEMPLATE_MISMATCH),
            Map.entry("FailedOperation.TemplateParamSetNotMatchApprovedTemplate", TEMPLATE_MISMATCH),
            Map.entry("InvalidParameterValue.TemplateParameterLengthLimit",
                    new SmsError(1036, "短信模板变量长度超过上限")),
            Map.entry("FailedOperation.InsufficientBalanceInSmsPackage", new SmsError(1031, "短信套餐包余量不足")),
            Map.entry("UnauthorizedOperation.ServiceSuspendDueToArrears", new SmsError(1033, "短信服务因欠费停止")),
            Map.entry("InvalidParameterValue.SdkAppIdNotExist", new SmsError(1019, "短信应用 SdkAppId 不存在")),
            Map.entry("InternalError.RequestTimeException", new SmsError(1021, "请求时间与短信服务器时间相差过大")),
            // Tencent's own "delivery timed out" is what the old API reported as 1008.
            Map.entry("InternalError.Timeout", TIMEOUT));

    private TencentErrorCodes() {
    }

    /**
     * The exception to hand the client for a Tencent error. Unmapped codes keep Tencent's code and
     * message in the text, because without them nobody could tell what actually went wrong.
     */
    public static CaptchaException toException(String tencentCode, String tencentMessage, Throwable cause) {
        SmsError mapped = lookup(tencentCode);
        if (mapped != null) {
            return mapped.toException(cause);
        }
        String detail = tencentMessage == null || tencentMessage.isBlank()
                ? tencentCode
                : tencentCode + ": " + tencentMessage;
        return new CaptchaException(OTHER, "短信发送失败: " + detail, cause);
    }

    private static SmsError lookup(String tencentCode) {
        if (tencentCode == null) {
            return null;
        }
        if (tencentCode.startsWith(AUTH_FAILURE_PREFIX)) {
            return AUTH_FAILURE;
        }
        return BY_TENCENT_CODE.get(tencentCode);
    }
}
