package org.captchaws.sms;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import org.captchaws.testing.Concurrently;
import org.captchaws.testing.Deployments;
import org.captchaws.testing.Eventually;
import org.captchaws.testing.Scrape;
import org.captchaws.testing.WsClient;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.OperateOnDeployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import static org.captchaws.testing.Envelopes.generateImage;
import static org.captchaws.testing.Envelopes.sendSms;
import static org.captchaws.testing.Envelopes.sendSmsFrom;
import static org.captchaws.testing.Envelopes.sendSmsWithJsonClientIp;
import static org.captchaws.testing.Envelopes.sendSmsWithJsonPhone;
import static org.captchaws.testing.ReplyAssertions.assertFailure;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * SMS codes end to end: the WAR in the server sends through the real Tencent SDK to a fake of
 * Tencent's API in this JVM, which checks signatures and parameters as Tencent does.
 */
@ExtendWith(ArquillianExtension.class)
class SmsIT {

    private static FakeTencentSmsApi tencent;

    @Deployment(name = "tencent", testable = false)
    static WebArchive tencent() {
        return Deployments.builtWarWith("captcha-sms", throughTheFake());
    }

    /** Through the fake, with a budget of three sends an hour across all numbers. */
    @Deployment(name = "budget", testable = false)
    static WebArchive budget() {
        return Deployments.builtWarWith("captcha-sms-budget", throughTheFake() + """
                captcha.sms.min-interval-seconds=0
                captcha.sms.max-total-per-hour=3
                """);
    }

    @Deployment(name = "budget-daily", testable = false)
    static WebArchive budgetDaily() {
        return loggingWith("captcha-sms-budget-daily", "captcha.sms.max-total-per-day=3");
    }

    @Deployment(name = "per-address", testable = false)
    static WebArchive perAddress() {
        return loggingWith("captcha-sms-per-address", "captcha.sms.max-per-client-ip-per-hour=2");
    }

    @Deployment(name = "hourly", testable = false)
    static WebArchive hourly() {
        return loggingWith("captcha-sms-hourly", "captcha.sms.max-per-hour=2");
    }

    @Deployment(name = "daily", testable = false)
    static WebArchive daily() {
        return loggingWith("captcha-sms-daily", "captcha.sms.max-per-day=2");
    }

    /** Tencent through the fake, with a read timeout short enough to test. */
    private static String throughTheFake() {
        return """
                captcha.sms.provider=tencent
                captcha.sms.tencent.secret-id=%s
                captcha.sms.tencent.secret-key=%s
                captcha.sms.tencent.endpoint=127.0.0.1:%d
                captcha.sms.tencent.protocol=http
                captcha.sms.tencent.sdk-app-id=%s
                captcha.sms.tencent.sign-name=%s
                captcha.sms.tencent.template-id=%s
                captcha.sms.tencent.read-timeout-seconds=3
                """.formatted(FakeTencentSmsApi.SECRET_ID, FakeTencentSmsApi.SECRET_KEY, fake().port(),
                FakeTencentSmsApi.SDK_APP_ID, FakeTencentSmsApi.SIGN_NAME, FakeTencentSmsApi.TEMPLATE_ID);
    }

    /** The log provider with no interval, so that sends in a row meet only the one limit under test. */
    private static WebArchive loggingWith(String contextRoot, String limit) {
        return Deployments.builtWarWith(contextRoot, """
                captcha.sms.provider=log
                captcha.sms.min-interval-seconds=0
                %s
                """.formatted(limit));
    }

    /** The WAR as built: its default provider is Tencent, with nothing configured. */
    @Deployment(name = "unconfigured", testable = false)
    static WebArchive unconfigured() {
        return Deployments.builtWar();
    }

    @ArquillianResource
    @OperateOnDeployment("tencent")
    URL captcha;

    @ArquillianResource
    @OperateOnDeployment("budget")
    URL budget;

    @ArquillianResource
    @OperateOnDeployment("budget-daily")
    URL budgetDaily;

    @ArquillianResource
    @OperateOnDeployment("per-address")
    URL perAddress;

    @ArquillianResource
    @OperateOnDeployment("hourly")
    URL hourly;

    @ArquillianResource
    @OperateOnDeployment("daily")
    URL daily;

    @ArquillianResource
    @OperateOnDeployment("unconfigured")
    URL unconfigured;

    private static synchronized FakeTencentSmsApi fake() {
        if (tencent == null) {
            try {
                tencent = new FakeTencentSmsApi(1);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return tencent;
    }

    @AfterAll
    static void stopFake() {
        fake().close();
    }

    @Test
    void theSeedRequestSendsTheCodeThroughTencent() throws Exception {
        fake().behave(FakeTencentSmsApi.Behaviour.succeed());
        try (WsClient client = WsClient.connect(captcha)) {
            JsonObject reply = client.call(sendSms("s1", "13711112222"));

            assertEquals(List.of("id", "status", "errmsg", "data"), List.copyOf(reply.keySet()));
            assertEquals("s1", reply.getString("id"));
            assertEquals("0", reply.getString("status"));
            assertEquals("successful", reply.getString("errmsg"));
            assertEquals(Set.of("title"), reply.getJsonObject("data").keySet());
            String code = reply.getJsonObject("data").getString("title");
            assertTrue(code.matches("\\d{4}"), code);

            FakeTencentSmsApi.SendRequest sent = lastSentTo("+8613711112222");
            assertEquals(List.of(code), sent.templateParams());
            assertEquals(FakeTencentSmsApi.SDK_APP_ID, sent.sdkAppId());
            assertEquals(FakeTencentSmsApi.SIGN_NAME, sent.signName());
            assertEquals(FakeTencentSmsApi.TEMPLATE_ID, sent.templateId());
        }
    }

    /** One sample per Tencent answer, by a label from a fixed set: never the phone, never an unknown code. */
    @Test
    void tencentsAnswersAreCountedByOutcome() throws Exception {
        Scrape before = Scrape.of(captcha);
        try (WsClient client = WsClient.connect(captcha)) {
            fake().behave(FakeTencentSmsApi.Behaviour.succeed());
            assertEquals("0", client.call(sendSms("13940000001")).getString("status"));
            fake().behave(FakeTencentSmsApi.Behaviour.failEachNumberWith("LimitExceeded.PhoneNumberDailyLimit"));
            assertFailure(client.call(sendSms("13940000002")), 1025, "Tencent's daily limit");
            fake().behave(FakeTencentSmsApi.Behaviour.failEachNumberWith("FailedOperation.SomethingNew"));
            assertFailure(client.call(sendSms("13940000003")), 1007, "a code not in the table");
            fake().behave(FakeTencentSmsApi.Behaviour.failRequestWith("AuthFailure.SecretIdNotFound"));
            assertFailure(client.call(sendSms("13940000004")), 1001, "an auth failure");
            assertFailure(client.call(sendSms("1394000000")), 1016, "never reaches Tencent");
        } finally {
            fake().behave(FakeTencentSmsApi.Behaviour.succeed());
        }
        Scrape after = Scrape.of(captcha);

        String sends = "captcha_tencent_sms_sends_total";
        Map<String, Double> moved = new LinkedHashMap<>();
        for (Map<String, String> series : after.series(sends)) {
            double delta = after.since(before, sends, "outcome", series.get("outcome"));
            if (delta != 0) {
                moved.put(series.get("outcome"), delta);
            }
        }
        assertEquals(Map.of("Ok", 1.0, "LimitExceeded.PhoneNumberDailyLimit", 1.0, "Other", 1.0, "AuthFailure", 1.0), moved);
        assertEquals(1, after.since(before, "captcha_requests_total", "subtype", "sms", "action", "generate", "code", "1016"));
    }

    @Test
    void prefixedNumbersReachTencentInE164() throws Exception {
        fake().behave(FakeTencentSmsApi.Behaviour.succeed());
        try (WsClient client = WsClient.connect(captcha)) {
            for (String phone : List.of("+8613800000001", "8613800000002", "008613800000003")) {
                assertEquals("0", client.call(sendSms(phone, phone)).getString("status"), phone);
            }
        }
        for (String e164 : List.of("+8613800000001", "+8613800000002", "+8613800000003")) {
            lastSentTo(e164);
        }
    }

    @Test
    void invalidNumbersFailWith1016AndNeverReachTencent() throws Exception {
        fake().behave(FakeTencentSmsApi.Behaviour.succeed());
        int sentBefore = fake().accepted().size();
        int refusedBefore = fake().rejections().size();
        List<String> phones = List.of("\"1371111222\"", "\"137111122223\"", "\"23711112222\"", "\"12711112222\"",
                "\"1371111222a\"", "\"\"", "\"+12025550123\"", "\"+85291234567\"", "13711112222", "null",
                "[\"13711112222\"]");
        try (WsClient client = WsClient.connect(captcha)) {
            for (String phone : phones) {
                JsonObject reply = client.call(sendSmsWithJsonPhone("bad", phone));

                assertFailure(reply, 1016, phone);
                assertEquals("手机号格式错误", reply.getString("errmsg"), phone);
            }
            assertFailure(client.call("""
                    {"id":"none","type":"captcha","subtype":"sms","data":{"action":"generate"}}"""), 1016, "no phone");
        }
        assertEquals(sentBefore, fake().accepted().size());
        assertEquals(refusedBefore, fake().rejections().size());
    }

    @Test
    void tencentsErrorsArriveAsTheLegacyCodes() throws Exception {
        Map<String, Integer> perNumber = new LinkedHashMap<>();
        perNumber.put("LimitExceeded.PhoneNumberThirtySecondLimit", 1023);
        perNumber.put("LimitExceeded.PhoneNumberOneHourLimit", 1024);
        perNumber.put("LimitExceeded.PhoneNumberDailyLimit", 1025);
        perNumber.put("LimitExceeded.PhoneNumberSameContentDailyLimit", 1026);
        perNumber.put("LimitExceeded.AppDailyLimit", 1022);
        perNumber.put("LimitExceeded.DeliveryFrequencyLimit", 1013);
        perNumber.put("InvalidParameterValue.IncorrectPhoneNumber", 1016);
        perNumber.put("FailedOperation.PhoneNumberParseFail", 1016);
        perNumber.put("FailedOperation.PhoneNumberInBlacklist", 1015);
        perNumber.put("FailedOperation.SignatureIncorrectOrUnapproved", 1012);
        perNumber.put("FailedOperation.TemplateIncorrectOrUnapproved", 1014);
        perNumber.put("FailedOperation.TemplateParamSetNotMatchApprovedTemplate", 1014);
        perNumber.put("InvalidParameterValue.TemplateParameterLengthLimit", 1036);
        perNumber.put("FailedOperation.InsufficientBalanceInSmsPackage", 1031);
        perNumber.put("FailedOperation.SomethingNew", 1007);
        Map<String, Integer> topLevel = new LinkedHashMap<>();
        topLevel.put("UnauthorizedOperation.ServiceSuspendDueToArrears", 1033);
        topLevel.put("InvalidParameterValue.SdkAppIdNotExist", 1019);
        topLevel.put("AuthFailure.SecretIdNotFound", 1001);
        topLevel.put("InternalError.RequestTimeException", 1021);
        topLevel.put("InternalError.SomethingNew", 1007);

        // The same number throughout: a send Tencent refuses does not count against the limits.
        String phone = "13900000001";
        try (WsClient client = WsClient.connect(captcha)) {
            for (Map.Entry<String, Integer> error : perNumber.entrySet()) {
                fake().behave(FakeTencentSmsApi.Behaviour.failEachNumberWith(error.getKey()));
                assertFailure(client.call(sendSms("e", phone)), error.getValue(), error.getKey());
            }
            for (Map.Entry<String, Integer> error : topLevel.entrySet()) {
                fake().behave(FakeTencentSmsApi.Behaviour.failRequestWith(error.getKey()));
                assertFailure(client.call(sendSms("e", phone)), error.getValue(), error.getKey());
            }
            fake().behave(FakeTencentSmsApi.Behaviour.failEachNumberWith("FailedOperation.SomethingNew"));
            assertTrue(client.call(sendSms("e", phone)).getString("errmsg").contains("FailedOperation.SomethingNew"),
                    "an unmapped code is named in errmsg");
            fake().behave(FakeTencentSmsApi.Behaviour.http500());
            assertFailure(client.call(sendSms("e", phone)), 1007, "HTTP 500");
            fake().behave(FakeTencentSmsApi.Behaviour.replyWithBody("<html>gateway error</html>"));
            assertFailure(client.call(sendSms("e", phone)), 1007, "garbage");

            fake().behave(FakeTencentSmsApi.Behaviour.succeed());
            assertEquals("0", client.call(sendSms("ok", phone)).getString("status"),
                    "none of the refused sends counted");
        }
    }

    @Test
    void aSecondSendWithinTheIntervalIsRefusedLocallyWith1023() throws Exception {
        fake().behave(FakeTencentSmsApi.Behaviour.succeed());
        try (WsClient client = WsClient.connect(captcha)) {
            assertEquals("0", client.call(sendSms("first", "13900000002")).getString("status"));

            assertFailure(client.call(sendSms("second", "+8613900000002")), 1023, "within 60 s");
        }
        assertEquals(1, fake().accepted().stream().filter(r -> r.phoneNumbers().contains("+8613900000002")).count());
    }

    @Test
    void ofTwentySimultaneousSendsToOneNumberExactlyOneSucceeds() throws Exception {
        fake().behave(FakeTencentSmsApi.Behaviour.succeed());

        // Connected first, so that only the sends race.
        List<WsClient> clients = new ArrayList<>();
        List<JsonObject> replies;
        try {
            for (int i = 0; i < 20; i++) {
                clients.add(WsClient.connect(captcha));
            }
            replies = Concurrently.run(clients.size(), 60, i -> clients.get(i).call(sendSms("race" + i, "13900000003")));
        } finally {
            for (WsClient client : clients) {
                client.close();
            }
        }

        int successes = 0;
        for (JsonObject result : replies) {
            if (result.get("status") instanceof JsonString status) {
                assertEquals("0", status.getString());
                successes++;
            } else {
                assertFailure(result, 1023, "a refused racer");
            }
        }
        assertEquals(1, successes);
        assertEquals(1, fake().accepted().stream().filter(r -> r.phoneNumbers().contains("+8613900000003")).count());
    }

    @Test
    void aSlowTencentDelaysNoImageReplies() throws Exception {
        fake().behave(FakeTencentSmsApi.Behaviour.holdUntilClosed());
        try (WsClient waiting = WsClient.connect(captcha); WsClient other = WsClient.connect(captcha)) {
            waiting.send(sendSms("slow-sms", "13900000004"));
            waiting.send(generateImage("same-connection"));
            for (int i = 0; i < 5; i++) {
                other.send(sendSms("other-sms" + i, "1390000010" + i));
            }

            assertEquals("same-connection", waiting.next().getString("id"), "the image overtakes the pending SMS");
            JsonObject otherImage = other.call(generateImage("other-connection"));
            assertEquals("other-connection", otherImage.getString("id"), "the image on another connection comes first");
            assertEquals("0", otherImage.getString("status"));
            assertNull(waiting.poll(), "the SMS is still waiting on Tencent");

            JsonObject timedOut = waiting.next();
            assertEquals("slow-sms", timedOut.getString("id"));
            assertFailure(timedOut, 1008, "Tencent did not answer within the read timeout");
            for (int i = 0; i < 5; i++) {
                assertFailure(other.next(), 1008, "other SMS");
            }
        } finally {
            fake().behave(FakeTencentSmsApi.Behaviour.succeed());
        }
    }

    @Test
    void theHourlyLimitRefusesWith1024() throws Exception {
        assertThirdSendRefused(hourly, "13900000005", 1024);
    }

    @Test
    void theDailyLimitRefusesWith1025() throws Exception {
        assertThirdSendRefused(daily, "13900000006", 1025);
    }

    /** On a deployment allowing two sends per phone (and no interval), the third is refused. */
    private static void assertThirdSendRefused(URL deployment, String phone, int code) throws Exception {
        try (WsClient client = WsClient.connect(deployment)) {
            assertEquals("0", client.call(sendSms("first", phone)).getString("status"));
            assertEquals("0", client.call(sendSms("second", phone)).getString("status"));

            assertFailure(client.call(sendSms("third", phone)), code, "the third send");
        }
    }

    /** A send that succeeds; a failure shows the reply. */
    private static void assertSent(WsClient client, String request, String context) throws Exception {
        JsonObject reply = client.call(request);
        assertEquals(Json.createValue("0"), reply.get("status"), context + ": " + reply);
    }

    @Test
    void theBudgetAllowsThreeSendsAcrossNumbersAndRefusesTheFourthWith5004BeforeTencent() throws Exception {
        try (WsClient client = WsClient.connect(budget)) {
            fake().behave(FakeTencentSmsApi.Behaviour.failEachNumberWith("FailedOperation.SomethingNew"));
            assertFailure(client.call(sendSms("failed", "13910000000")), 1007, "a send Tencent refuses");
            fake().behave(FakeTencentSmsApi.Behaviour.succeed());

            // Three, so the failed send above gave its budget back.
            for (String phone : List.of("13910000001", "13910000002", "13910000003")) {
                assertSent(client, sendSms("ok", phone), phone);
            }
            Path log = Path.of(System.getProperty("it.server-log"));
            String warning = "SMS budget reached: 3 sends per hour";
            long warningsBefore = occurrences(Files.readString(log), warning);
            JsonObject refused = client.call(sendSms("fourth", "13910000004"));

            assertFailure(refused, 5004, "the fourth send of the hour");
            assertEquals("短信发送总量已达每小时上限，请稍后再试", refused.getString("errmsg"));
            Eventually.await(WsClient.TIMEOUT, "the operator is told in " + log,
                    () -> occurrences(Files.readString(log), warning) > warningsBefore);
            assertFailure(client.call(sendSms("again", "13910000001")), 5004, "a number that had its send");
        }
        assertTrue(fake().accepted().stream().noneMatch(r -> r.phoneNumbers().contains("+8613910000004")),
                "a send beyond the budget never reaches Tencent");
    }

    @Test
    void theDailyBudgetRefusesTheFourthSendWith5004() throws Exception {
        try (WsClient client = WsClient.connect(budgetDaily)) {
            for (String phone : List.of("13920000001", "13920000002", "13920000003")) {
                assertSent(client, sendSms("ok", phone), phone);
            }
            JsonObject refused = client.call(sendSms("fourth", "13920000004"));

            assertFailure(refused, 5004, "the fourth send of the day");
            assertEquals("短信发送总量已达每日上限，请稍后再试", refused.getString("errmsg"));
        }
    }

    @Test
    void oneAddressIsLimitedAcrossNumbersHoweverItIsSpeltWith3001() throws Exception {
        try (WsClient client = WsClient.connect(perAddress)) {
            assertSent(client, sendSmsFrom("1", "13930000001", "203.0.113.7"), "the address's first number");
            assertSent(client, sendSmsFrom("2", "13930000002", "203.0.113.7"), "the address's second number");

            JsonObject refused = client.call(sendSmsFrom("3", "13930000003", "::ffff:203.0.113.7"));

            assertFailure(refused, 3001, "a third number for the address, spelt as IPv4-mapped IPv6");
            assertEquals("同一来源地址1小时内发送短信条数超过上限", refused.getString("errmsg"));
            assertSent(client, sendSmsFrom("4", "13930000003", "203.0.113.8"), "another address");
            assertSent(client, sendSms("5", "13930000004"), "no address named");
        }
    }

    @Test
    void anIpv6AddressIsLimitedByItsSlash64() throws Exception {
        try (WsClient client = WsClient.connect(perAddress)) {
            assertSent(client, sendSmsFrom("1", "13930000011", "2001:db8:1:2::1"), "the /64's first address");
            assertSent(client, sendSmsFrom("2", "13930000012", "2001:DB8:1:2:a:b:c:d"), "the /64's second address");

            assertFailure(client.call(sendSmsFrom("3", "13930000013", "2001:0db8:0001:0002:ffff::")), 3001,
                    "a third address in the same /64");
            assertSent(client, sendSmsFrom("4", "13930000013", "2001:db8:1:3::1"), "the next /64");
        }
    }

    @Test
    void anInvalidClientIpFailsWith4002NamingTheField() throws Exception {
        List<String> invalid = List.of("123", "null", "true", "{}", "[\"203.0.113.7\"]", "\"\"", "\"localhost\"",
                "\"example.com\"", "\"1.2.3.256\"", "\"01.2.3.4\"", "\"fe80::1%eth0\"", "\"[::1]\"",
                "\"203.0.113.7:80\"", "\" 203.0.113.7\"");
        try (WsClient client = WsClient.connect(perAddress)) {
            for (String clientIp : invalid) {
                JsonObject reply = client.call(sendSmsWithJsonClientIp("bad", "13930000021", clientIp));

                assertFailure(reply, 4002, clientIp);
                assertEquals("字段缺失或类型错误: data.client_ip", reply.getString("errmsg"), clientIp);
            }
            assertFailure(client.call(sendSmsWithJsonClientIp("both", "1234", "123")), 1016,
                    "the phone is checked first");
            assertSent(client, sendSmsFrom("ok", "13930000021", "203.0.113.21"), "the refused requests sent nothing");
        }
    }

    @Test
    void withoutTencentSettingsSmsFailsWith1006() throws Exception {
        try (WsClient client = WsClient.connect(unconfigured)) {
            JsonObject reply = client.call(sendSms("u", "13900000007"));

            assertFailure(reply, 1006, "unconfigured");
            assertEquals("短信服务未配置", reply.getString("errmsg"));
            assertEquals("0", client.call(generateImage("img")).getString("status"), "images work regardless");
        }
    }

    private static FakeTencentSmsApi.SendRequest lastSentTo(String e164) {
        List<FakeTencentSmsApi.SendRequest> sent = fake().accepted().stream()
                .filter(r -> r.phoneNumbers().equals(List.of(e164))).toList();
        assertTrue(!sent.isEmpty(), "Tencent received a send to " + e164);
        return sent.get(sent.size() - 1);
    }

    private static long occurrences(String text, String part) {
        return text.split(Pattern.quote(part), -1).length - 1L;
    }
}
