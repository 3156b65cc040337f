package org.captchaws.sms;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tencentcloudapi.sms.v20210111.SmsErrorCode;
import java.util.Arrays;
import java.util.stream.Stream;
import org.captchaws.failure.CaptchaException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class TencentErrorCodesTest {

    static Stream<Arguments> mappings() {
        return Stream.of(
                Arguments.of("LimitExceeded.PhoneNumberThirtySecondLimit", 1023, "同一手机号发送短信过于频繁，请稍后再试"),
                Arguments.of("LimitExceeded.PhoneNumberOneHourLimit", 1024, "同一手机号1小时内发送短信条数超过上限"),
                Arguments.of("LimitExceeded.PhoneNumberDailyLimit", 1025, "同一手机号日发送短信条数超过上限"),
                Arguments.of("LimitExceeded.PhoneNumberSameContentDailyLimit", 1026, "同一手机号相同内容发送条数超过上限"),
                Arguments.of("LimitExceeded.AppDailyLimit", 1022, "短信日发送条数超过应用上限"),
                Arguments.of("LimitExceeded.DeliveryFrequencyLimit", 1013, "短信发送频率超过限制"),
                Arguments.of("InvalidParameterValue.IncorrectPhoneNumber", 1016, "手机号格式错误"),
                Arguments.of("FailedOperation.PhoneNumberParseFail", 1016, "手机号格式错误"),
                Arguments.of("FailedOperation.PhoneNumberInBlacklist", 1015, "手机号在免打扰名单中"),
                Arguments.of("FailedOperation.SignatureIncorrectOrUnapproved", 1012, "短信签名未审批或格式错误"),
                Arguments.of("FailedOperation.TemplateIncorrectOrUnapproved", 1014, "短信模板未审批或与模板内容不匹配"),
                Arguments.of("FailedOperation.TemplateParamSetNotMatchApprovedTemplate", 1014, "短信模板未审批或与模板内容不匹配"),
                Arguments.of("InvalidParameterValue.TemplateParameterLengthLimit", 1036, "短信模板变量长度超过上限"),
                Arguments.of("FailedOperation.InsufficientBalanceInSmsPackage", 1031, "短信套餐包余量不足"),
                Arguments.of("UnauthorizedOperation.ServiceSuspendDueToArrears", 1033, "短信服务因欠费停止"),
                Arguments.of("InvalidParameterValue.SdkAppIdNotExist", 1019, "短信应用 SdkAppId 不存在"),
                Arguments.of("InternalError.RequestTimeException", 1021, "请求时间与短信服务器时间相差过大"),
                Arguments.of("InternalError.Timeout", 1008, "短信服务请求超时"));
    }

    @ParameterizedTest
    @MethodSource("mappings")
    void mapsEachKnownCode(String tencentCode, int legacyCode, String message) {
        Throwable cause = new RuntimeException("sdk");

        CaptchaException e = TencentErrorCodes.toException(tencentCode, "tencent says no", cause);

        assertEquals(legacyCode, e.code());
        assertEquals(message, e.getMessage());
        assertSame(cause, e.getCause());
    }

    /** Guards against typos: a misspelt code would silently fall through to 1007. */
    @ParameterizedTest
    @MethodSource("mappings")
    void mapsOnlyCodesTheSdkKnows(String tencentCode) {
        assertTrue(Arrays.stream(SmsErrorCode.values()).anyMatch(c -> c.getValue().equals(tencentCode)), tencentCode);
    }

    @ParameterizedTest
    @ValueSource(strings = {"AuthFailure.SignatureFailure", "AuthFailure.SecretIdNotFound", "AuthFailure.SignatureExpire",
        "AuthFailure.InvalidSecretId", "AuthFailure.UnauthorizedOperation", "AuthFailure.SomethingNew"})
    void mapsEveryAuthFailureTo1001(String tencentCode) {
        CaptchaException e = TencentErrorCodes.toException(tencentCode, "bad signature", null);

        assertEquals(1001, e.code());
        assertEquals("短信服务鉴权失败", e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"FailedOperation.Xyz", "AuthFailure", "authfailure.SignatureFailure", "InternalError", ""})
    void keepsTencentsCodeAndMessageWhenUnmapped(String tencentCode) {
        CaptchaException e = TencentErrorCodes.toException(tencentCode, "what happened", null);

        assertEquals(1007, e.code());
        assertEquals("短信发送失败: " + tencentCode + ": what happened", e.getMessage());
    }

    /** A known code is its own metrics label: what an operator looks up in Tencent's documentation. */
    @ParameterizedTest
    @MethodSource("mappings")
    void eachKnownCodeIsAnOutcomeOfItsOwn(String tencentCode) {
        assertEquals(tencentCode, TencentErrorCodes.outcome(tencentCode));
    }

    @Test
    void okIsAnOutcome() {
        assertEquals("Ok", TencentErrorCodes.outcome("Ok"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"AuthFailure.SignatureFailure", "AuthFailure.SecretIdNotFound", "AuthFailure.SomethingNew"})
    void theAuthFailuresAreOneOutcome(String tencentCode) {
        assertEquals("AuthFailure", TencentErrorCodes.outcome(tencentCode));
    }

    /** Whatever answers in Tencent's place cannot make labels without end. */
    @ParameterizedTest
    @ValueSource(strings = {"FailedOperation.Xyz", "AuthFailure", "ok", "", "ServerSideError", "Ok\n"})
    void anyOtherCodeIsOther(String tencentCode) {
        assertEquals("Other", TencentErrorCodes.outcome(tencentCode));
        assertEquals("Other", TencentErrorCodes.outcome(null));
    }

    @Test
    void leavesOutAMissingMessage() {
        assertEquals("短信发送失败: FailedOperation.Xyz",
                TencentErrorCodes.toException("FailedOperation.Xyz", null, null).getMessage());
        assertEquals("短信发送失败: FailedOperation.Xyz",
                TencentErrorCodes.toException("FailedOperation.Xyz", " ", null).getMessage());
    }

    @Test
    void treatsAMissingCodeAsUnmapped() {
        assertEquals(1007, TencentErrorCodes.toException(null, "no code", null).code());
    }
}
