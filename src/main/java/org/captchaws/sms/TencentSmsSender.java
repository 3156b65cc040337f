package org.captchaws.sms;

import com.google.gson.JsonParseException;
import com.tencentcloudapi.common.Credential;
import com.tencentcloudapi.common.exception.TencentCloudSDKException;
import com.tencentcloudapi.common.profile.ClientProfile;
import com.tencentcloudapi.common.profile.HttpProfile;
import com.tencentcloudapi.sms.v20210111.SmsClient;
import com.tencentcloudapi.sms.v20210111.models.SendSmsRequest;
import com.tencentcloudapi.sms.v20210111.models.SendSmsResponse;
import com.tencentcloudapi.sms.v20210111.models.SendStatus;
import java.net.SocketTimeoutException;
import java.util.List;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.captchaws.failure.CaptchaException;
import org.captchaws.failure.ErrorCode;

/**
 * Sends verification codes through Tencent Cloud SMS (API version 2021-01-11).
 */
public final class TencentSmsSender implements SmsSender {

    private static final Logger LOG = Logger.getLogger(TencentSmsSender.class.getName());
    private static final String SENT = "Ok";

    private final TencentSmsSettings settings;
    private final Consumer<String> outcomes;

    // One client for all threads. Tencent does not promise SmsClient is thread-safe
    // (tencentcloud-sdk-java issue 49), but in 3.1.1281 SendSms only reads state fixed at
    // construction, signs with per-call objects and sends through OkHttp, which is made to be
    // shared; nothing here calls the client's setters. Re-check when upgrading the SDK.
    private final SmsClient client;

    /**
     * @throws IllegalArgumentException naming the missing settings, so a misconfigured deployment
     *                                  fails when it starts rather than on the first user's request
     */
    public TencentSmsSender(TencentSmsSettings settings) {
        this(settings, outcome -> { });
    }

    /**
     * @param outcomes told each call's outcome, from a fixed set ({@link TencentErrorCodes#outcome}):
     *                 Tencent's code, {@code Ok}, or why Tencent gave none
     */
    public TencentSmsSender(TencentSmsSettings settings, Consumer<String> outcomes) {
        List<String> missing = settings.missing();
        if (!missing.isEmpty()) {
            throw new IllegalArgumentException("Tencent SMS settings missing: " + String.join(", ", missing));
        }
        this.settings = settings;
        this.outcomes = outcomes;
        this.client = new SmsClient(
                new Credential(settings.secretId(), settings.secretKey()), settings.region(), clientProfile(settings));
    }

    @Override
    public void send(String e164Phone, String code) throws CaptchaException {
        SendSmsResponse response = call(request(e164Phone, code), e164Phone);
        SendStatus status = onlyStatus(response);
        if (status == null || status.getCode() == null) {
            throw logged(e164Phone, new CaptchaException(ErrorCode.SMS_REPLY_UNREADABLE), TencentErrorCodes.REPLY_UNREADABLE,
                    "no send status, request " + response.getRequestId());
        }
        if (!SENT.equals(status.getCode())) {
            CaptchaException failure = TencentErrorCodes.toException(status.getCode(), status.getMessage(), null);
            throw logged(e164Phone, failure, TencentErrorCodes.outcome(status.getCode()),
                    "send status " + status.getCode() + ", request " + response.getRequestId());
        }
        outcomes.accept(TencentErrorCodes.outcome(SENT));
        LOG.log(Level.FINE, "SMS to {0} accepted, serial {1}, request {2}",
                new Object[] {PhoneNumbers.mask(e164Phone), status.getSerialNo(), response.getRequestId()});
    }

    private SendSmsResponse call(SendSmsRequest request, String e164Phone) throws CaptchaException {
        try {
            return client.SendSms(request);
        } catch (TencentCloudSDKException e) {
            Failure failure = translate(e);
            throw logged(e164Phone, failure.error(), failure.outcome(), e.toString());
        } catch (RuntimeException e) {
            // The SDK dereferences the parsed reply unchecked: an empty or "{}" body ends up here as a NullPointerException.
            throw logged(e164Phone, new CaptchaException(ErrorCode.SMS_REPLY_UNREADABLE, e),
                    TencentErrorCodes.REPLY_UNREADABLE, e.toString());
        }
    }

    private SendSmsRequest request(String e164Phone, String code) {
        SendSmsRequest request = new SendSmsRequest();
        request.setPhoneNumberSet(new String[] {e164Phone});
        request.setSmsSdkAppId(settings.sdkAppId());
        request.setSignName(settings.signName());
        request.setTemplateId(settings.templateId());
        request.setTemplateParamSet(settings.validityMinutes() == null
                ? new String[] {code}
                : new String[] {code, settings.validityMinutes().toString()});
        return request;
    }

    private static SendStatus onlyStatus(SendSmsResponse response) {
        SendStatus[] statuses = response.getSendStatusSet();
        return statuses == null || statuses.length == 0 ? null : statuses[0];
    }

    /**
     * The SDK reports every failure as TencentCloudSDKException: Tencent's own errors carry its
     * error code; timeouts and broken connections carry none but keep the IOException as cause;
     * an HTTP status other than 200 gets the SDK-made code "ServerSideError".
     */
    private static Failure translate(TencentCloudSDKException e) {
        if (causedBy(e, SocketTimeoutException.class)) {
            return new Failure(new CaptchaException(ErrorCode.SMS_TIMEOUT, e), TencentErrorCodes.TIMEOUT);
        }
        String tencentCode = e.getErrorCode();
        if (tencentCode != null && !tencentCode.isEmpty()) {
            return new Failure(TencentErrorCodes.toException(tencentCode, e.getMessage(), e),
                    TencentErrorCodes.outcome(tencentCode));
        }
        if (causedBy(e, JsonParseException.class)) {
            return new Failure(new CaptchaException(ErrorCode.SMS_REPLY_UNREADABLE, e), TencentErrorCodes.REPLY_UNREADABLE);
        }
        return new Failure(new CaptchaException(ErrorCode.SMS_REQUEST_FAILED, e), TencentErrorCodes.REQUEST_FAILED);
    }

    /** What the client is told, and the outcome the metrics count. */
    private record Failure(CaptchaException error, String outcome) {
    }

    private static boolean causedBy(Throwable e, Class<? extends Throwable> type) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return true;
            }
        }
        return false;
    }

    private CaptchaException logged(String e164Phone, CaptchaException failure, String outcome, String detail) {
        outcomes.accept(outcome);
        // Passed as text because MessageFormat would print 1007 as "1,007".
        String legacyCode = String.valueOf(failure.code());
        LOG.log(Level.WARNING, "SMS to {0} not sent: {1} {2} ({3})",
                new Object[] {PhoneNumbers.mask(e164Phone), legacyCode, failure.getMessage(), detail});
        return failure;
    }

    private static ClientProfile clientProfile(TencentSmsSettings settings) {
        HttpProfile http = new HttpProfile();
        http.setEndpoint(settings.endpoint());
        http.setProtocol(settings.protocol() + "://");
        http.setConnTimeout(settings.connectTimeoutSeconds());
        http.setReadTimeout(settings.readTimeoutSeconds());
        // The SDK leaves the write timeout unbounded; the request is tiny, so the read budget is plenty.
        http.setWriteTimeout(settings.readTimeoutSeconds());
        // Debug logging stays off (the default): it prints request headers, including the credential.
        return new ClientProfile(ClientProfile.SIGN_TC3_256, http);
    }
}
