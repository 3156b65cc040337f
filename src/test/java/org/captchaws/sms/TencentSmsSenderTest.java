package org.captchaws.sms;

import static org.captchaws.sms.FakeTencentSmsApi.Behaviour.failEachNumberWith;
import static org.captchaws.sms.FakeTencentSmsApi.Behaviour.failRequestWith;
import static org.captchaws.sms.FakeTencentSmsApi.Behaviour.holdUntilClosed;
import static org.captchaws.sms.FakeTencentSmsApi.Behaviour.http500;
import static org.captchaws.sms.FakeTencentSmsApi.Behaviour.replyWithBody;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.captchaws.failure.CaptchaException;
import org.captchaws.sms.FakeTencentSmsApi.SendRequest;
import org.captchaws.testing.Concurrently;
import org.captchaws.testing.RecordingLogHandler;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Drives the real Tencent SDK against {@link FakeTencentSmsApi} over loopback HTTP.
 */
class TencentSmsSenderTest {

    private static final String PHONE = "+8613711112222";
    private static final String CODE = "1234";
    private static final int NO_VALIDITY = 0;

    private FakeTencentSmsApi fake;
    /** What the senders report for the metrics, one outcome per call. */
    private final List<String> outcomes = new CopyOnWriteArrayList<>();

    @AfterEach
    void closeFake() {
        if (fake != null) {
            fake.close();
        }
    }

    @Test
    void sendsTheCodeAsTheOnlyTemplateParameter() throws Exception {
        fake = new FakeTencentSmsApi(1);

        sender(NO_VALIDITY).send(PHONE, CODE);

        assertEquals(List.of("Ok"), outcomes);
        SendRequest seen = onlyAccepted();
        assertEquals(new SendRequest(List.of(PHONE), FakeTencentSmsApi.SDK_APP_ID, FakeTencentSmsApi.SIGN_NAME,
                FakeTencentSmsApi.TEMPLATE_ID, List.of(CODE), seen.credentialScope()), seen);
    }

    @Test
    void sendsValidityMinutesAsTheSecondTemplateParameter() throws Exception {
        fake = new FakeTencentSmsApi(2);

        sender(5).send(PHONE, CODE);

        assertEquals(List.of(CODE, "5"), onlyAccepted().templateParams());
    }

    @Test
    void signsForTheServiceNamedByTheEndpointsFirstLabel() throws Exception {
        fake = new FakeTencentSmsApi(1);

        sender(NO_VALIDITY).send(PHONE, CODE);

        // The SDK takes the scope's service from the endpoint's first label, not from SmsClient's "sms".
        String scope = onlyAccepted().credentialScope();
        assertTrue(scope.matches("\\d{4}-\\d{2}-\\d{2}/127/tc3_request"), scope);
    }

    @Test
    void sharesOneClientAcrossConcurrentSends() throws Exception {
        fake = new FakeTencentSmsApi(1);
        TencentSmsSender sender = sender(NO_VALIDITY);
        List<String> phones = IntStream.range(0, 16).mapToObj(i -> "+86137000000" + (10 + i)).toList();

        Concurrently.run(phones.size(), 30, i -> {
            sender.send(phones.get(i), CODE);
            return null;
        });

        assertEquals(Set.copyOf(phones),
                fake.accepted().stream().map(r -> r.phoneNumbers().get(0)).collect(Collectors.toSet()));
        assertEquals(List.of(), fake.rejections());
    }

    @ParameterizedTest
    @CsvSource({
        "LimitExceeded.PhoneNumberThirtySecondLimit, 1023",
        "LimitExceeded.PhoneNumberOneHourLimit, 1024",
        "LimitExceeded.PhoneNumberDailyLimit, 1025",
        "LimitExceeded.PhoneNumberSameContentDailyLimit, 1026",
        "LimitExceeded.AppDailyLimit, 1022",
        "LimitExceeded.DeliveryFrequencyLimit, 1013",
        "InvalidParameterValue.IncorrectPhoneNumber, 1016",
        "FailedOperation.PhoneNumberParseFail, 1016",
        "FailedOperation.PhoneNumberInBlacklist, 1015",
        "FailedOperation.SignatureIncorrectOrUnapproved, 1012",
        "FailedOperation.TemplateIncorrectOrUnapproved, 1014",
        "FailedOperation.TemplateParamSetNotMatchApprovedTemplate, 1014",
        "InvalidParameterValue.TemplateParameterLengthLimit, 1036",
        "FailedOperation.InsufficientBalanceInSmsPackage, 1031",
        "UnauthorizedOperation.ServiceSuspendDueToArrears, 1033",
        "InvalidParameterValue.SdkAppIdNotExist, 1019",
        "InternalError.RequestTimeException, 1021",
        "FailedOperation.Xyz, 1007",
    })
    void mapsPerNumberErrors(String tencentCode, int legacyCode) throws Exception {
        fake = new FakeTencentSmsApi(1);
        fake.behave(failEachNumberWith(tencentCode));

        CaptchaException e = assertThrows(CaptchaException.class, () -> sender(NO_VALIDITY).send(PHONE, CODE));

        assertEquals(legacyCode, e.code());
        assertEquals(TencentErrorCodes.toException(tencentCode, "fake status " + tencentCode, null).getMessage(),
                e.getMessage());
        assertEquals(List.of(TencentErrorCodes.outcome(tencentCode)), outcomes);
    }

    @Test
    void mapsTopLevelErrors() throws Exception {
        fake = new FakeTencentSmsApi(1);
        fake.behave(failRequestWith("LimitExceeded.PhoneNumberDailyLimit"));

        CaptchaException e = assertThrows(CaptchaException.class, () -> sender(NO_VALIDITY).send(PHONE, CODE));

        assertEquals(1025, e.code());
        assertEquals("同一手机号日发送短信条数超过上限", e.getMessage());
        assertEquals(List.of("LimitExceeded.PhoneNumberDailyLimit"), outcomes);
    }

    @Test
    void keepsTencentsCodeAndMessageForUnmappedTopLevelErrors() throws Exception {
        fake = new FakeTencentSmsApi(1);
        fake.behave(failRequestWith("FailedOperation.Xyz"));

        CaptchaException e = assertThrows(CaptchaException.class, () -> sender(NO_VALIDITY).send(PHONE, CODE));

        assertEquals(1007, e.code());
        assertEquals("短信发送失败: FailedOperation.Xyz: fake failure FailedOperation.Xyz", e.getMessage());
        assertEquals(List.of("Other"), outcomes, "an unknown code is not a label of its own");
    }

    @Test
    void reportsAWrongSecretKeyAsAuthFailure() throws Exception {
        fake = new FakeTencentSmsApi(1);
        TencentSmsSender sender = new TencentSmsSender(settings(FakeTencentSmsApi.SECRET_ID, "wrong-key", NO_VALIDITY, 5), outcomes::add);

        CaptchaException e = assertThrows(CaptchaException.class, () -> sender.send(PHONE, CODE));

        assertEquals(1001, e.code());
        assertEquals("短信服务鉴权失败", e.getMessage());
        assertEquals(List.of("AuthFailure.SignatureFailure"), fake.rejections());
        assertEquals(List.of("AuthFailure"), outcomes);
        assertEquals(List.of(), fake.accepted());
    }

    @Test
    void reportsAnUnknownSecretIdAsAuthFailure() throws Exception {
        fake = new FakeTencentSmsApi(1);
        TencentSmsSender sender = new TencentSmsSender(settings("AKIDunknown", FakeTencentSmsApi.SECRET_KEY, NO_VALIDITY, 5), outcomes::add);

        CaptchaException e = assertThrows(CaptchaException.class, () -> sender.send(PHONE, CODE));

        assertEquals(1001, e.code());
        assertEquals(List.of("AuthFailure.SecretIdNotFound"), fake.rejections());
        assertEquals(List.of("AuthFailure"), outcomes);
    }

    @Test
    void reportsHttp500AsOtherError() throws Exception {
        fake = new FakeTencentSmsApi(1);
        fake.behave(http500());

        CaptchaException e = assertThrows(CaptchaException.class, () -> sender(NO_VALIDITY).send(PHONE, CODE));

        assertEquals(1007, e.code());
        assertEquals("短信发送失败: ServerSideError: response code is 500, not 200", e.getMessage());
        assertEquals(List.of("Other"), outcomes);
    }

    @ParameterizedTest
    @ValueSource(strings = {"<html><body>502 Bad Gateway</body></html>", "not json", "", "{}", "[]",
        "{\"Response\":{\"RequestId\":\"r\"}}", "{\"Response\":{\"SendStatusSet\":[],\"RequestId\":\"r\"}}"})
    void reportsUnreadableRepliesAsOtherError(String body) throws Exception {
        fake = new FakeTencentSmsApi(1);
        fake.behave(replyWithBody(body));

        CaptchaException e = assertThrows(CaptchaException.class, () -> sender(NO_VALIDITY).send(PHONE, CODE));

        assertEquals(1007, e.code());
        assertEquals("短信服务应答无法解析", e.getMessage());
        assertEquals(List.of("ReplyUnreadable"), outcomes);
    }

    @Test
    void reportsASlowReplyAsTimeout() throws Exception {
        fake = new FakeTencentSmsApi(1);
        fake.behave(holdUntilClosed());
        TencentSmsSender sender = new TencentSmsSender(
                settings(FakeTencentSmsApi.SECRET_ID, FakeTencentSmsApi.SECRET_KEY, NO_VALIDITY, 1), outcomes::add);

        CaptchaException e = assertTimeoutPreemptively(Duration.ofSeconds(10),
                () -> assertThrows(CaptchaException.class, () -> sender.send(PHONE, CODE)));

        assertEquals(1008, e.code());
        assertEquals("短信服务请求超时", e.getMessage());
        assertEquals(List.of("Timeout"), outcomes);
    }

    /**
     * A service whose accept queue is full never completes the TCP handshake: the connect
     * timeout (1 s) ends the wait, though the read timeout alone would allow 30 s.
     */
    @Test
    void reportsAServiceThatDoesNotConnectWithinTheConnectTimeoutAsTimeout() throws Exception {
        List<Socket> queued = new ArrayList<>();
        try (ServerSocket full = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            fillAcceptQueue(full, queued);
            TencentSmsSender sender = new TencentSmsSender(unreadSettings(full.getLocalPort(), "sign", 30), outcomes::add);

            CaptchaException e = assertTimeoutPreemptively(Duration.ofSeconds(6),
                    () -> assertThrows(CaptchaException.class, () -> sender.send(PHONE, CODE)));

            assertEquals(1008, e.code());
            assertEquals(List.of("Timeout"), outcomes);
        } finally {
            for (Socket socket : queued) {
                socket.close();
            }
        }
    }

    /**
     * A service that takes the connection and never reads it: once the socket buffers are full,
     * the write timeout (the read budget, 1 s) ends the send, where the SDK would wait forever.
     * The request is made big (a 16 MB signature name) so that it does not fit the buffers.
     */
    @Test
    void reportsAServiceThatStopsReadingTheRequestAsTimeout() throws Exception {
        try (ServerSocket neverRead = new ServerSocket()) {
            neverRead.setReceiveBufferSize(4096);
            neverRead.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 10);
            TencentSmsSender sender = new TencentSmsSender(
                    unreadSettings(neverRead.getLocalPort(), "s".repeat(16 << 20), 1), outcomes::add);

            CaptchaException e = assertTimeoutPreemptively(Duration.ofSeconds(6),
                    () -> assertThrows(CaptchaException.class, () -> sender.send(PHONE, CODE)));

            assertEquals(1008, e.code());
            assertEquals(List.of("Timeout"), outcomes);
        }
    }

    /** Connects until the kernel queues no more connections (a connect then times out); nothing accepts them. */
    private static void fillAcceptQueue(ServerSocket server, List<Socket> queued) throws IOException {
        for (int i = 0; i < 100; i++) {
            Socket socket = new Socket();
            try {
                socket.connect(server.getLocalSocketAddress(), 300);
                queued.add(socket);
            } catch (SocketTimeoutException full) {
                socket.close();
                return;
            }
        }
        throw new IllegalStateException("the accept queue took 100 connections");
    }

    /** Settings for a local server that never answers: connect timeout 1 s. */
    private static TencentSmsSettings unreadSettings(int port, String signName, int readTimeoutSeconds) {
        return new TencentSmsSettings(FakeTencentSmsApi.SECRET_ID, FakeTencentSmsApi.SECRET_KEY, null,
                "127.0.0.1:" + port, "http", FakeTencentSmsApi.SDK_APP_ID, signName, FakeTencentSmsApi.TEMPLATE_ID,
                null, 1, readTimeoutSeconds);
    }

    @Test
    void reportsAnUnreachableServiceAsOtherError() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        TencentSmsSender sender = new TencentSmsSender(new TencentSmsSettings(FakeTencentSmsApi.SECRET_ID,
                FakeTencentSmsApi.SECRET_KEY, null, "127.0.0.1:" + closedPort, "http", FakeTencentSmsApi.SDK_APP_ID,
                FakeTencentSmsApi.SIGN_NAME, FakeTencentSmsApi.TEMPLATE_ID, null, 1, 1), outcomes::add);

        CaptchaException e = assertThrows(CaptchaException.class, () -> sender.send(PHONE, CODE));

        assertEquals(1007, e.code());
        assertEquals("短信服务请求失败", e.getMessage());
        assertEquals(List.of("RequestFailed"), outcomes);
    }

    @Test
    void refusesToStartWithoutRequiredSettings() {
        TencentSmsSettings incomplete = new TencentSmsSettings(
                "id", " ", null, null, null, "1400000001", null, "100001", null, null, null);

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new TencentSmsSender(incomplete));

        assertEquals("Tencent SMS settings missing: secretKey, signName", e.getMessage());
    }

    @Test
    void neverLogsSecretsTheCodeOrTheFullNumber() throws Exception {
        fake = new FakeTencentSmsApi(1);
        // Six digits cannot be mistaken for a port number in some other line of the log.
        String code = "739182";
        Logger smsLogger = Logger.getLogger(TencentSmsSender.class.getName());
        Level previous = smsLogger.getLevel();
        smsLogger.setLevel(Level.ALL);
        List<LogRecord> records;
        // The root logger also receives the SDK's own logging, which goes through commons-logging to JUL.
        try (RecordingLogHandler log = RecordingLogHandler.attachTo(Logger.getLogger(""))) {
            sender(NO_VALIDITY).send(PHONE, code);
            fake.behave(failRequestWith("FailedOperation.Xyz"));
            assertThrows(CaptchaException.class, () -> sender(NO_VALIDITY).send(PHONE, code));
            TencentSmsSender wrongKey = new TencentSmsSender(
                    settings(FakeTencentSmsApi.SECRET_ID, "wrong-key", NO_VALIDITY, 5));
            assertThrows(CaptchaException.class, () -> wrongKey.send(PHONE, code));
            records = log.records();
        } finally {
            smsLogger.setLevel(previous);
        }

        SimpleFormatter formatter = new SimpleFormatter();
        List<String> ours = records.stream()
                .filter(r -> smsLogger.getName().equals(r.getLoggerName()))
                .map(formatter::formatMessage)
                .toList();
        assertEquals(3, ours.size(), () -> "one line per send expected: " + ours);
        assertTrue(ours.stream().allMatch(m -> m.contains("+86137****2222")), ours::toString);
        assertAll(records.stream().map(formatter::formatMessage).map(m -> () -> {
            assertFalse(m.contains(FakeTencentSmsApi.SECRET_ID), m);
            assertFalse(m.contains(FakeTencentSmsApi.SECRET_KEY), m);
            assertFalse(m.contains(PHONE), m);
            assertFalse(m.contains(code), m);
        }));
    }

    private TencentSmsSender sender(int validityMinutes) {
        return new TencentSmsSender(
                settings(FakeTencentSmsApi.SECRET_ID, FakeTencentSmsApi.SECRET_KEY, validityMinutes, 5), outcomes::add);
    }

    private TencentSmsSettings settings(String secretId, String secretKey, int validityMinutes, int readTimeoutSeconds) {
        return new TencentSmsSettings(secretId, secretKey, FakeTencentSmsApi.REGION, "127.0.0.1:" + fake.port(), "http",
                FakeTencentSmsApi.SDK_APP_ID, FakeTencentSmsApi.SIGN_NAME, FakeTencentSmsApi.TEMPLATE_ID,
                validityMinutes == NO_VALIDITY ? null : validityMinutes, 1, readTimeoutSeconds);
    }

    private SendRequest onlyAccepted() {
        List<SendRequest> accepted = fake.accepted();
        assertEquals(1, accepted.size(), accepted::toString);
        return accepted.get(0);
    }
}
