package org.captchaws.sms;

import org.captchaws.config.SmsSettings;
import org.captchaws.failure.CaptchaException;
import org.captchaws.failure.ErrorCode;
import org.captchaws.metrics.Metrics;
import org.captchaws.store.Challenges;
import org.captchaws.store.MemoryChallengeStore;
import org.captchaws.store.MemorySendCounter;
import org.captchaws.store.SendRefusal;
import org.captchaws.testing.Configured;
import org.captchaws.testing.MutableClock;
import org.captchaws.testing.RecordingLogHandler;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Sending and verifying codes over the memory stores, with the log provider or Tencent's (the local fake). */
class SmsCodeServiceTest {

    private static final String PHONE = "+8613711112222";
    private static final Optional<String> NO_CLIENT_IP = Optional.empty();

    private final MutableClock clock = new MutableClock();
    private final Metrics metrics = new Metrics();
    private FakeTencentSmsApi fake;

    @AfterEach
    void closeFake() {
        if (fake != null) {
            fake.close();
        }
    }

    @Test
    void eachRefusalHasItsCode() {
        assertEquals(1023, SmsCodeService.errorFor(SendRefusal.TOO_FREQUENT).code());
        assertEquals(1024, SmsCodeService.errorFor(SendRefusal.HOURLY_LIMIT).code());
        assertEquals(1025, SmsCodeService.errorFor(SendRefusal.DAILY_LIMIT).code());
        assertEquals(ErrorCode.SMS_CLIENT_IP_HOURLY_LIMIT, SmsCodeService.errorFor(SendRefusal.CLIENT_IP_HOURLY_LIMIT));
        assertEquals(3001, ErrorCode.SMS_CLIENT_IP_HOURLY_LIMIT.code());
        assertEquals(ErrorCode.SMS_BUDGET_HOURLY, SmsCodeService.errorFor(SendRefusal.TOTAL_HOURLY_LIMIT));
        assertEquals(ErrorCode.SMS_BUDGET_DAILY, SmsCodeService.errorFor(SendRefusal.TOTAL_DAILY_LIMIT));
        assertEquals(5004, ErrorCode.SMS_BUDGET_HOURLY.code());
        assertEquals(5004, ErrorCode.SMS_BUDGET_DAILY.code());
    }

    @Test
    void theLogProviderWritesTheCodeItIssuesOnceForVerification() throws CaptchaException {
        try (RecordingLogHandler log = RecordingLogHandler.attachTo(Logger.getLogger(LogSmsSender.class.getName()))) {
            SmsCodeService service = service(Map.of("captcha.sms.provider", "log", "captcha.sms.code-length", "6"));

            String code = service.generate(PHONE, NO_CLIENT_IP).title();

            assertEquals("log", service.provider());
            assertTrue(service.configured());
            assertTrue(code.matches("\\d{6}"), code);
            List<LogRecord> logged = log.records();
            assertEquals(1, logged.size());
            assertEquals(code, logged.get(0).getParameters()[0]);
            assertEquals(ErrorCode.WRONG_ANSWER.code(), failure(() -> service.verify(PHONE, wrong(code))));
            assertDoesNotThrow(() -> service.verify(PHONE, code));
            assertEquals(ErrorCode.CHALLENGE_GONE.code(), failure(() -> service.verify(PHONE, code)), "used up");
        }
    }

    @Test
    void tencentSendsTheCodeAndCountsTheOutcome() throws Exception {
        fake = new FakeTencentSmsApi(1);
        SmsCodeService service = service(tencent());

        String code = service.generate(PHONE, NO_CLIENT_IP).title();

        assertEquals("tencent", service.provider());
        assertTrue(service.configured());
        assertEquals(1, fake.accepted().size());
        assertEquals(List.of(PHONE), fake.accepted().get(0).phoneNumbers());
        assertEquals(List.of(code), fake.accepted().get(0).templateParams());
        assertTrue(metricsText().contains("captcha_tencent_sms_sends_total{outcome=\"Ok\"} 1.0"), metricsText());
        assertDoesNotThrow(() -> service.verify(PHONE, code));
    }

    /** Without its settings the service still starts; each send says what is wrong and counts nothing. */
    @Test
    void anUnconfiguredTencentRefusesEachSendAndCountsNone() throws CaptchaException {
        SmsCodeService service = service(Map.of());

        assertEquals("tencent", service.provider());
        assertFalse(service.configured());
        assertEquals(ErrorCode.SMS_NOT_CONFIGURED.code(), failure(() -> service.generate(PHONE, NO_CLIENT_IP)));
        assertEquals(ErrorCode.SMS_NOT_CONFIGURED.code(), failure(() -> service.generate(PHONE, NO_CLIENT_IP)),
                "not refused as too frequent: the failed send was taken back");
    }

    @Test
    void theConfiguredLimitsApply() throws CaptchaException {
        SmsCodeService service = service(Map.of("captcha.sms.provider", "log", "captcha.sms.min-interval-seconds", "60",
                "captcha.sms.max-per-client-ip-per-hour", "1"));
        service.generate(PHONE, Optional.of("203.0.113.7"));

        assertEquals(ErrorCode.SMS_TOO_FREQUENT.code(), failure(() -> service.generate(PHONE, NO_CLIENT_IP)));
        assertEquals(ErrorCode.SMS_CLIENT_IP_HOURLY_LIMIT.code(),
                failure(() -> service.generate("+8613722223333", Optional.of("203.0.113.7"))));
        clock.advance(Duration.ofSeconds(60));
        assertDoesNotThrow(() -> service.generate(PHONE, NO_CLIENT_IP));
    }

    @Test
    void aSpentBudgetRefusesAndTellsTheOperator() throws CaptchaException {
        try (RecordingLogHandler log = RecordingLogHandler.attachTo(Logger.getLogger(BudgetAlarm.class.getName()))) {
            SmsCodeService service = service(Map.of("captcha.sms.provider", "log", "captcha.sms.max-total-per-hour", "1"));
            service.generate(PHONE, NO_CLIENT_IP);

            assertEquals(ErrorCode.SMS_BUDGET_HOURLY.code(), failure(() -> service.generate("+8613722223333", NO_CLIENT_IP)));
            assertEquals(1, log.records().size());
            assertTrue(log.records().get(0).getMessage().contains("1 sends per hour"), log.records().get(0).getMessage());
        }
    }

    @Test
    void refusesAProviderItDoesNotKnow() {
        assertThrows(IllegalArgumentException.class, () -> service(Map.of("captcha.sms.provider", "aliyun")));
    }

    private SmsCodeService service(Map<String, String> properties) {
        SmsCodeService service = new SmsCodeService();
        service.settings = Configured.settings(SmsSettings.class, properties);
        service.sends = new MemorySendCounter(clock);
        service.challenges = new Challenges(new MemoryChallengeStore(clock, 100, Duration.ZERO),
                "a test secret of enough bytes".getBytes(StandardCharsets.UTF_8), Duration.ofMinutes(5), 5);
        service.metrics = metrics;
        service.init();
        return service;
    }

    private Map<String, String> tencent() {
        Map<String, String> properties = new HashMap<>();
        properties.put("captcha.sms.tencent.secret-id", FakeTencentSmsApi.SECRET_ID);
        properties.put("captcha.sms.tencent.secret-key", FakeTencentSmsApi.SECRET_KEY);
        properties.put("captcha.sms.tencent.endpoint", "127.0.0.1:" + fake.port());
        properties.put("captcha.sms.tencent.protocol", "http");
        properties.put("captcha.sms.tencent.sdk-app-id", FakeTencentSmsApi.SDK_APP_ID);
        properties.put("captcha.sms.tencent.sign-name", FakeTencentSmsApi.SIGN_NAME);
        properties.put("captcha.sms.tencent.template-id", FakeTencentSmsApi.TEMPLATE_ID);
        return properties;
    }

    private String metricsText() throws IOException {
        ByteArrayOutputStream text = new ByteArrayOutputStream();
        metrics.writeTo(text);
        return text.toString(StandardCharsets.UTF_8);
    }

    private static String wrong(String code) {
        return code.startsWith("0") ? "1" + code.substring(1) : "0" + code.substring(1);
    }

    private static int failure(org.junit.jupiter.api.function.Executable call) {
        return assertThrows(CaptchaException.class, call).code();
    }
}
