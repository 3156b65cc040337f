package org.captchaws.sms;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.captchaws.config.SmsSettings;
import org.captchaws.failure.CaptchaException;
import org.captchaws.failure.ErrorCode;
import org.captchaws.metrics.Metrics;
import org.captchaws.store.Challenges;
import org.captchaws.store.SendCounter;
import org.captchaws.store.SendLimits;
import org.captchaws.store.SendOutcome;
import org.captchaws.store.SendRefusal;
import org.captchaws.store.SendReservation;

import java.security.SecureRandom;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.logging.Logger;

/**
 * SMS verification codes: sends one (applies the limits: per phone, per client address when
 * the request names one, and the budget across all numbers; generates the code, hands it to
 * the configured sender, remembers it for verification) and verifies codes. Every limit is
 * checked before anything is paid for; a send that fails does not count against any of them;
 * a new code replaces the number's previous one.
 * Numbers arrive checked and in E.164 ({@link PhoneNumbers#toE164}), as the sender needs them.
 */
@ApplicationScoped
public class SmsCodeService {

    private static final Logger LOG = Logger.getLogger(SmsCodeService.class.getName());

    private static final String KEY_PREFIX = "sms:";

    @Inject
    SmsSettings settings;

    @Inject
    SendCounter sends;

    @Inject
    Challenges challenges;

    @Inject
    Metrics metrics;

    private SmsCodeGenerator codes;
    private SendLimits limits;
    private SmsSender sender;
    private BudgetAlarm budgetAlarm;

    @PostConstruct
    void init() {
        codes = new SmsCodeGenerator(settings.codeLength(), new SecureRandom());
        limits = new SendLimits(settings.minInterval(), settings.maxPerHour(), settings.maxPerDay(),
                settings.maxPerClientIpPerHour(), settings.maxTotalPerHour(), settings.maxTotalPerDay());
        sender = createSender();
        budgetAlarm = new BudgetAlarm(Clock.systemUTC(), settings.maxTotalPerHour(), settings.maxTotalPerDay());
    }

    private SmsSender createSender() {
        return switch (settings.provider()) {
            case "log" -> {
                LOG.warning("SMS provider 'log': codes are written to this log and NOT sent. For development only.");
                yield new LogSmsSender();
            }
            case "tencent" -> tencentSender();
            default -> throw new IllegalArgumentException(
                    "captcha.sms.provider must be 'tencent' or 'log', was '" + settings.provider() + "'");
        };
    }

    /** Without its settings the service still starts: SMS requests then say what is wrong. */
    private SmsSender tencentSender() {
        TencentSmsSettings tencent = new TencentSmsSettings(
                settings.tencentSecretId().orElse(null),
                settings.tencentSecretKey().orElse(null),
                settings.tencentRegion(),
                settings.tencentEndpoint().orElse(null),
                settings.tencentProtocol(),
                settings.tencentSdkAppId().orElse(null),
                settings.tencentSignName().orElse(null),
                settings.tencentTemplateId().orElse(null),
                settings.tencentValidityMinutes().orElse(null),
                settings.tencentConnectTimeoutSeconds(),
                settings.tencentReadTimeoutSeconds());
        List<String> missing = tencent.missing();
        if (!missing.isEmpty()) {
            LOG.warning("Tencent Cloud SMS is not configured (missing " + String.join(", ", missing)
                    + "): SMS requests fail with " + ErrorCode.SMS_NOT_CONFIGURED.code());
            return new UnconfiguredSmsSender();
        }
        LOG.info("SMS provider 'tencent': " + tencent);
        return new TencentSmsSender(tencent, metrics::tencentSend);
    }

    /** {@code tencent} or {@code log}: the configured provider. */
    public String provider() {
        return settings.provider();
    }

    /** Whether codes can go out: the log provider, or Tencent with every setting it needs. */
    public boolean configured() {
        return !(sender instanceof UnconfiguredSmsSender);
    }

    /**
     * Sends a new code to {@code e164Phone}, a number {@link PhoneNumbers#toE164} has
     * normalised, so that any spelling of one number reaches the same code.
     *
     * @param clientIpKey the end user's address as {@link ClientAddresses#limitKey} made it a
     *                    key, when the backend named one: its sends count against their own limit
     */
    public SmsCode generate(String e164Phone, Optional<String> clientIpKey) throws CaptchaException {
        SendOutcome outcome = sends.reserve(e164Phone, clientIpKey, limits);
        if (outcome instanceof SendRefusal refusal) {
            budgetAlarm.refused(refusal);
            throw new CaptchaException(errorFor(refusal));
        }
        SendReservation reservation = (SendReservation) outcome;
        String code = codes.next();
        try {
            sender.send(e164Phone, code);
        } catch (CaptchaException | RuntimeException e) {
            sends.release(reservation);
            throw e;
        }
        challenges.issue(KEY_PREFIX + e164Phone, code);
        return new SmsCode(code);
    }

    /** Checks a code against the last one sent to {@code e164Phone}; a right one is used up. */
    public void verify(String e164Phone, String code) throws CaptchaException {
        challenges.verify(KEY_PREFIX + e164Phone, code);
    }

    /**
     * The per-phone limits answer with the codes Tencent's own limits have: clients already
     * handle them. The address and the budget have no Tencent counterpart, so codes of their own.
     */
    static ErrorCode errorFor(SendRefusal refusal) {
        return switch (refusal) {
            case TOO_FREQUENT -> ErrorCode.SMS_TOO_FREQUENT;
            case HOURLY_LIMIT -> ErrorCode.SMS_HOURLY_LIMIT;
            case DAILY_LIMIT -> ErrorCode.SMS_DAILY_LIMIT;
            case CLIENT_IP_HOURLY_LIMIT -> ErrorCode.SMS_CLIENT_IP_HOURLY_LIMIT;
            case TOTAL_HOURLY_LIMIT -> ErrorCode.SMS_BUDGET_HOURLY;
            case TOTAL_DAILY_LIMIT -> ErrorCode.SMS_BUDGET_DAILY;
        };
    }
}
