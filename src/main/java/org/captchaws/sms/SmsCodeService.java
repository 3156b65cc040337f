package org.captchaws.sms;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import org.captchaws.config.SmsSettings;
import org.captchaws.protocol.CaptchaException;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.logging.Logger;

/**
 * Sends an SMS verification code: checks the number, applies the per-phone limits, generates
 * the code and hands it to the configured sender. A send that fails does not count against
 * the limits.
 */
@ApplicationScoped
public class SmsCodeService {

    private static final Logger LOG = Logger.getLogger(SmsCodeService.class.getName());

    @Inject
    SmsSettings settings;

    private SmsCodeGenerator codes;
    private SendLimits limits;
    private SmsSender sender;

    @PostConstruct
    void init() {
        codes = new SmsCodeGenerator(settings.codeLength(), new SecureRandom());
        limits = new SendLimits(Clock.systemUTC(), settings.minInterval(), settings.maxPerHour(), settings.maxPerDay());
        sender = createSender();
    }

    private SmsSender createSender() {
        switch (settings.provider()) {
            case "log":
                LOG.warning("SMS provider 'log': codes are written to this log and NOT sent. For development only.");
                return new LogSmsSender();
            case "tencent":
                TencentSmsSettings tencent = settings.tencent();
                List<String> missing = tencent.missing();
                if (!missing.isEmpty()) {
                    LOG.warning("Tencent Cloud SMS is not configured (missing " + String.join(", ", missing)
                            + "): SMS requests fail with " + TencentErrorCodes.NOT_CONFIGURED.code());
                    return new UnconfiguredSmsSender();
                }
                LOG.info("SMS provider 'tencent': " + tencent);
                return new TencentSmsSender(tencent);
            default:
                throw new IllegalArgumentException(
                        "captcha.sms.provider must be 'tencent' or 'log', was '" + settings.provider() + "'");
        }
    }

    /** The seed's SMS generate: {@code data.phone}, a string, is the number to send to. */
    public SmsCode generate(JsonObject data) throws CaptchaException {
        if (!(data.get("phone") instanceof JsonString phone)) {
            throw TencentErrorCodes.INVALID_PHONE.toException(null);
        }
        String e164 = PhoneNumbers.toE164(phone.getString());
        Instant reservation = limits.reserve(e164);
        String code = codes.next();
        try {
            sender.send(e164, code);
        } catch (CaptchaException | RuntimeException e) {
            limits.release(e164, reservation);
            throw e;
        }
        return new SmsCode(code);
    }
}
