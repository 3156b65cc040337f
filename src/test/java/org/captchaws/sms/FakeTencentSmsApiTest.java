package org.captchaws.sms;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.tencentcloudapi.common.AbstractClient;
import com.tencentcloudapi.common.CommonClient;
import com.tencentcloudapi.common.Credential;
import com.tencentcloudapi.common.exception.TencentCloudSDKException;
import com.tencentcloudapi.common.profile.ClientProfile;
import com.tencentcloudapi.common.profile.HttpProfile;
import com.tencentcloudapi.sms.v20210111.SmsClient;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.List;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The fake is only worth testing against if it turns away what Tencent turns away.
 */
class FakeTencentSmsApiTest {

    private static final String VALID_BODY = "{\"PhoneNumberSet\":[\"+8613711112222\"],\"SmsSdkAppId\":\"1400000001\","
            + "\"SignName\":\"验证码测试\",\"TemplateId\":\"100001\",\"TemplateParamSet\":[\"1234\"]}";

    private FakeTencentSmsApi fake;

    @BeforeEach
    void startFake() throws Exception {
        fake = new FakeTencentSmsApi(1);
    }

    @AfterEach
    void closeFake() {
        fake.close();
    }

    @Test
    void acceptsARequestSignedByTheSdk() throws Exception {
        String reply = smsClient(FakeTencentSmsApi.REGION, profile()).call("SendSms", VALID_BODY);

        assertEquals("Ok", firstStatusCode(reply));
        assertEquals(List.of("+8613711112222"), fake.accepted().get(0).phoneNumbers());
    }

    @Test
    void rejectsAnUnsignedRequest() throws Exception {
        HttpResponse<String> reply = post(HttpRequest.newBuilder(fakeUri())
                .header("Content-Type", "application/json; charset=utf-8")
                .header("X-TC-Action", "SendSms"));

        assertEquals("AuthFailure.InvalidAuthorization", errorCode(reply.body()));
        assertEquals(List.of(), fake.accepted());
    }

    @Test
    void rejectsAStaleTimestamp() throws Exception {
        long anHourAgo = Instant.now().minusSeconds(3600).getEpochSecond();
        HttpResponse<String> reply = post(HttpRequest.newBuilder(fakeUri())
                .header("Content-Type", "application/json; charset=utf-8")
                .header("X-TC-Timestamp", Long.toString(anHourAgo))
                .header("Authorization", "TC3-HMAC-SHA256 Credential=" + FakeTencentSmsApi.SECRET_ID
                        + "/2020-01-01/127/tc3_request, SignedHeaders=content-type;host, Signature=" + "0".repeat(64)));

        assertEquals("AuthFailure.SignatureExpire", errorCode(reply.body()));
    }

    @Test
    void rejectsABodyChangedAfterSigning() {
        OkHttpClient tampering = new OkHttpClient.Builder().addInterceptor(chain -> {
            Request signed = chain.request();
            RequestBody changed = RequestBody.create(signed.body().contentType(),
                    VALID_BODY.replace("+8613711112222", "+8613799998888"));
            return chain.proceed(signed.newBuilder().post(changed).build());
        }).build();
        ClientProfile profile = profile();
        profile.getHttpProfile().setHttpClient(tampering);

        assertRejectedWith("AuthFailure.SignatureFailure", smsClient(FakeTencentSmsApi.REGION, profile), VALID_BODY);
    }

    @Test
    void rejectsAnotherAction() {
        TencentCloudSDKException e = assertThrows(TencentCloudSDKException.class,
                () -> smsClient(FakeTencentSmsApi.REGION, profile()).call("DescribeSmsSignList", VALID_BODY));

        assertEquals("InvalidAction", e.getErrorCode());
    }

    @Test
    void rejectsAnotherVersion() {
        CommonClient oldVersion = new CommonClient("sms", "2019-07-11", credential(), FakeTencentSmsApi.REGION, profile());

        assertRejectedWith("NoSuchVersion", oldVersion, VALID_BODY);
    }

    @Test
    void rejectsAnotherRegion() {
        assertRejectedWith("UnsupportedRegion", smsClient("ap-beijing", profile()), VALID_BODY);
    }

    @Test
    void rejectsAnUnknownApp() {
        assertRejectedWith("InvalidParameterValue.SdkAppIdNotExist", smsClient(FakeTencentSmsApi.REGION, profile()),
                VALID_BODY.replace("1400000001", "1400999999"));
    }

    @Test
    void rejectsMissingFields() {
        assertRejectedWith("MissingParameter", smsClient(FakeTencentSmsApi.REGION, profile()), "{\"TemplateId\":\"100001\"}");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "\"+8613711112222\"  | \"SignName\":\"验证码测试\"  | \"100001\" | [\"1234\"]          | Ok",
        "\"13711112222\"     | \"SignName\":\"验证码测试\"  | \"100001\" | [\"1234\"]          | InvalidParameterValue.IncorrectPhoneNumber",
        "\"+8613711112222\"  | \"SignName\":\"其他签名\"    | \"100001\" | [\"1234\"]          | FailedOperation.SignatureIncorrectOrUnapproved",
        "\"+8613711112222\"  | \"Unsigned\":\"\"           | \"100001\" | [\"1234\"]          | FailedOperation.SignatureIncorrectOrUnapproved",
        "\"+8613711112222\"  | \"SignName\":\"验证码测试\"  | \"100002\" | [\"1234\"]          | FailedOperation.TemplateIncorrectOrUnapproved",
        "\"+8613711112222\"  | \"SignName\":\"验证码测试\"  | \"100001\" | [\"1234\",\"5\"]    | FailedOperation.TemplateParamSetNotMatchApprovedTemplate",
        "\"+8613711112222\"  | \"SignName\":\"验证码测试\"  | \"100001\" | []                  | FailedOperation.TemplateParamSetNotMatchApprovedTemplate",
        "\"+8613711112222\"  | \"SignName\":\"验证码测试\"  | \"100001\" | [\"1234567890123\"] | InvalidParameterValue.TemplateParameterLengthLimit",
        "\"+8613711112222\"  | \"SignName\":\"验证码测试\"  | \"100001\" | [\"1234567\"]       | InvalidParameterValue.TemplateParameterFormatError",
        "\"+8613711112222\"  | \"SignName\":\"验证码测试\"  | \"100001\" | [\"12ab\"]          | InvalidParameterValue.TemplateParameterFormatError",
    })
    void decidesEachNumberLikeTencent(String phone, String signField, String templateId, String params, String status)
            throws Exception {
        String body = "{\"PhoneNumberSet\":[" + phone + "],\"SmsSdkAppId\":\"1400000001\"," + signField
                + ",\"TemplateId\":" + templateId + ",\"TemplateParamSet\":" + params + "}";

        String reply = smsClient(FakeTencentSmsApi.REGION, profile()).call("SendSms", body);

        assertEquals(status, firstStatusCode(reply));
    }

    private void assertRejectedWith(String tencentCode, AbstractClient client, String body) {
        TencentCloudSDKException e = assertThrows(TencentCloudSDKException.class, () -> client.call("SendSms", body));

        assertEquals(tencentCode, e.getErrorCode());
        assertEquals(List.of(tencentCode), fake.rejections());
        assertEquals(List.of(), fake.accepted());
    }

    private ClientProfile profile() {
        HttpProfile http = new HttpProfile();
        http.setEndpoint("127.0.0.1:" + fake.port());
        http.setProtocol(HttpProfile.REQ_HTTP);
        http.setReadTimeout(5);
        return new ClientProfile(ClientProfile.SIGN_TC3_256, http);
    }

    private static SmsClient smsClient(String region, ClientProfile profile) {
        return new SmsClient(credential(), region, profile);
    }

    private static Credential credential() {
        return new Credential(FakeTencentSmsApi.SECRET_ID, FakeTencentSmsApi.SECRET_KEY);
    }

    private URI fakeUri() {
        return URI.create("http://127.0.0.1:" + fake.port() + "/");
    }

    private static HttpResponse<String> post(HttpRequest.Builder request) throws Exception {
        return HttpClient.newHttpClient()
                .send(request.POST(HttpRequest.BodyPublishers.ofString(VALID_BODY)).build(),
                        HttpResponse.BodyHandlers.ofString());
    }

    private static String errorCode(String reply) {
        return response(reply).getAsJsonObject("Error").get("Code").getAsString();
    }

    private static String firstStatusCode(String reply) {
        return response(reply).getAsJsonArray("SendStatusSet").get(0).getAsJsonObject().get("Code").getAsString();
    }

    private static JsonObject response(String reply) {
        return JsonParser.parseString(reply).getAsJsonObject().getAsJsonObject("Response");
    }
}
