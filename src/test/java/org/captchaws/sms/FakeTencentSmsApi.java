package org.captchaws.sms;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A local stand-in for the Tencent Cloud SMS endpoint that checks requests the way Tencent does
 * (TC3-HMAC-SHA256 signature recomputed from the secret key, credential, clock skew, API headers,
 * body fields against the "approved" app, sign and template) and then replies as told.
 */
final class FakeTencentSmsApi implements AutoCloseable {

    static final String SECRET_ID = "test-secret-id-0001";
    static final String SECRET_KEY = "fakeSecretKey0123456789abcdef";
    static final String REGION = "ap-guangzhou";
    static final String SDK_APP_ID = "1400000001";
    static final String SIGN_NAME = "验证码测试";
    static final String TEMPLATE_ID = "100001";

    private static final Duration MAX_CLOCK_SKEW = Duration.ofMinutes(5);
    // Bounded so a fake nobody closes cannot pin a server thread for the rest of the run.
    private static final Duration LONGEST_HOLD = Duration.ofMinutes(1);
    private static final Pattern AUTHORIZATION = Pattern.compile("TC3-HMAC-SHA256 Credential=([^/]+)/(\\d{4}-\\d{2}-\\d{2})"
            + "/([^/]+)/tc3_request, SignedHeaders=([a-z0-9;-]+), Signature=([0-9a-f]{64})");
    private static final Pattern E164_MAINLAND = Pattern.compile("\\+861[3-9]\\d{9}");
    // Tencent's rule for verification-code templates: the variables are 0 to 6 digits.
    private static final Pattern VERIFICATION_CODE = Pattern.compile("\\d{0,6}");
    private static final int LONGEST_TEMPLATE_PARAMETER = 12;
    private static final DateTimeFormatter UTC_DATE = DateTimeFormatter.ofPattern("yyyy-MM-dd").withZone(ZoneOffset.UTC);

    /** A request that passed every check, as Tencent would have parsed it. */
    record SendRequest(List<String> phoneNumbers, String sdkAppId, String signName, String templateId,
                       List<String> templateParams, String credentialScope) {
    }

    /** How the fake answers requests that pass its checks. */
    record Behaviour(Kind kind, String detail) {

        enum Kind { SUCCEED, FAIL_EACH_NUMBER, FAIL_REQUEST, HTTP_500, REPLY_BODY, HOLD_UNTIL_CLOSED }

        static Behaviour succeed() {
            return new Behaviour(Kind.SUCCEED, null);
        }

        static Behaviour failEachNumberWith(String tencentCode) {
            return new Behaviour(Kind.FAIL_EACH_NUMBER, tencentCode);
        }

        static Behaviour failRequestWith(String tencentCode) {
            return new Behaviour(Kind.FAIL_REQUEST, tencentCode);
        }

        static Behaviour http500() {
            return new Behaviour(Kind.HTTP_500, null);
        }

        static Behaviour replyWithBody(String body) {
            return new Behaviour(Kind.REPLY_BODY, body);
        }

        static Behaviour holdUntilClosed() {
            return new Behaviour(Kind.HOLD_UNTIL_CLOSED, null);
        }
    }

    private final int templateParameterCount;
    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool(FakeTencentSmsApi::daemon);
    private final CountDownLatch closed = new CountDownLatch(1);
    private final List<SendRequest> accepted = new CopyOnWriteArrayList<>();
    private final List<String> rejections = new CopyOnWriteArrayList<>();
    private volatile Behaviour behaviour = Behaviour.succeed();

    /**
     * @param templateParameterCount how many variables the approved template has
     */
    FakeTencentSmsApi(int templateParameterCount) throws IOException {
        this.templateParameterCount = templateParameterCount;
        this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", this::handle);
        server.setExecutor(executor);
        server.start();
    }

    int port() {
        return server.getAddress().getPort();
    }

    List<SendRequest> accepted() {
        return List.copyOf(accepted);
    }

    /** Tencent error codes of the requests the checks turned away, in arrival order. */
    List<String> rejections() {
        return List.copyOf(rejections);
    }

    void behave(Behaviour behaviour) {
        this.behaviour = behaviour;
    }

    @Override
    public void close() {
        closed.countDown();
        server.stop(0);
        executor.shutdownNow();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try {
            byte[] body = exchange.getRequestBody().readAllBytes();
            SendRequest request;
            try {
                String credentialScope = verifySignature(exchange, body);
                verifyApiHeaders(exchange.getRequestHeaders());
                request = parse(body, credentialScope);
            } catch (Rejected rejected) {
                rejections.add(rejected.code);
                reply(exchange, 200, "application/json", errorReply(rejected.code, rejected.getMessage()));
                return;
            }
            accepted.add(request);
            answer(exchange, request, behaviour);
        } finally {
            exchange.close();
        }
    }

    private void answer(HttpExchange exchange, SendRequest request, Behaviour behaviour) throws IOException {
        switch (behaviour.kind()) {
            case SUCCEED -> reply(exchange, 200, "application/json", statusReply(request, null));
            case FAIL_EACH_NUMBER -> reply(exchange, 200, "application/json", statusReply(request, behaviour.detail()));
            case FAIL_REQUEST -> reply(exchange, 200, "application/json",
                    errorReply(behaviour.detail(), "fake failure " + behaviour.detail()));
            case HTTP_500 -> reply(exchange, 500, "text/plain", "Internal Server Error");
            case REPLY_BODY -> reply(exchange, 200, "text/html", behaviour.detail());
            case HOLD_UNTIL_CLOSED -> awaitClose();
        }
    }

    private void awaitClose() {
        try {
            closed.await(LONGEST_HOLD.toSeconds(), TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Recomputes the TC3-HMAC-SHA256 signature and returns the credential scope it was made for. */
    private static String verifySignature(HttpExchange exchange, byte[] body) throws Rejected {
        Headers headers = exchange.getRequestHeaders();
        String authorization = headers.getFirst("Authorization");
        Matcher credential = authorization == null ? null : AUTHORIZATION.matcher(authorization);
        if (credential == null || !credential.matches()) {
            throw new Rejected("AuthFailure.InvalidAuthorization", "Authorization is not TC3-HMAC-SHA256");
        }
        String secretId = credential.group(1);
        String date = credential.group(2);
        String service = credential.group(3);
        String signedHeaders = credential.group(4);
        if (!SECRET_ID.equals(secretId)) {
            throw new Rejected("AuthFailure.SecretIdNotFound", "The SecretId is not found");
        }
        long timestamp = timestamp(headers);
        if (Duration.between(Instant.ofEpochSecond(timestamp), Instant.now()).abs().compareTo(MAX_CLOCK_SKEW) > 0) {
            throw new Rejected("AuthFailure.SignatureExpire", "Signature expired, timestamp " + timestamp);
        }
        // Tencent knows its service from the host it was reached on, so the scope must name that.
        String host = headers.getFirst("Host");
        if (!date.equals(UTC_DATE.format(Instant.ofEpochSecond(timestamp)))
                || host == null || !service.equals(host.split("\\.")[0])) {
            throw new Rejected("AuthFailure.SignatureFailure", "Credential scope does not match date or host");
        }
        String canonicalRequest = exchange.getRequestMethod() + "\n"
                + exchange.getRequestURI().getRawPath() + "\n"
                + nullToEmpty(exchange.getRequestURI().getRawQuery()) + "\n"
                + canonicalHeaders(headers, signedHeaders) + "\n"
                + signedHeaders + "\n"
                + sha256Hex(body);
        String credentialScope = date + "/" + service + "/tc3_request";
        String stringToSign = "TC3-HMAC-SHA256\n" + timestamp + "\n" + credentialScope + "\n"
                + sha256Hex(canonicalRequest.getBytes(StandardCharsets.UTF_8));
        byte[] signingKey = hmac(hmac(hmac(("TC3" + SECRET_KEY).getBytes(StandardCharsets.UTF_8), date), service),
                "tc3_request");
        byte[] expected = HexFormat.of().formatHex(hmac(signingKey, stringToSign)).getBytes(StandardCharsets.US_ASCII);
        if (!MessageDigest.isEqual(expected, credential.group(5).getBytes(StandardCharsets.US_ASCII))) {
            throw new Rejected("AuthFailure.SignatureFailure",
                    "The provided credentials could not be validated. Please check your signature is correct.");
        }
        return credentialScope;
    }

    private static long timestamp(Headers headers) throws Rejected {
        String timestamp = headers.getFirst("X-TC-Timestamp");
        try {
            return Long.parseLong(timestamp);
        } catch (NumberFormatException e) {
            throw new Rejected("MissingParameter", "X-TC-Timestamp missing or not a number: " + timestamp);
        }
    }

    /** Lower-cased, trimmed name:value lines; content-type and host must be among them. */
    private static String canonicalHeaders(Headers headers, String signedHeaders) throws Rejected {
        List<String> names = List.of(signedHeaders.split(";"));
        if (!names.contains("content-type") || !names.contains("host")) {
            throw new Rejected("AuthFailure.SignatureFailure", "content-type and host must be signed");
        }
        StringBuilder canonical = new StringBuilder();
        for (String name : names) {
            String value = headers.getFirst(name);
            if (value == null) {
                throw new Rejected("AuthFailure.SignatureFailure", "Signed header " + name + " is missing");
            }
            canonical.append(name).append(':').append(value.trim().toLowerCase()).append('\n');
        }
        return canonical.toString();
    }

    private static void verifyApiHeaders(Headers headers) throws Rejected {
        if (!"SendSms".equals(headers.getFirst("X-TC-Action"))) {
            throw new Rejected("InvalidAction", "The action " + headers.getFirst("X-TC-Action") + " does not exist");
        }
        if (!"2021-01-11".equals(headers.getFirst("X-TC-Version"))) {
            throw new Rejected("NoSuchVersion", "The version " + headers.getFirst("X-TC-Version") + " does not exist");
        }
        if (!REGION.equals(headers.getFirst("X-TC-Region"))) {
            throw new Rejected("UnsupportedRegion", "The region " + headers.getFirst("X-TC-Region") + " is not supported");
        }
    }

    private static SendRequest parse(byte[] body, String credentialScope) throws Rejected {
        JsonObject json;
        try {
            json = JsonParser.parseString(new String(body, StandardCharsets.UTF_8)).getAsJsonObject();
        } catch (JsonParseException | IllegalStateException e) {
            throw new Rejected("FailedOperation.JsonParseFail", "Request body is not a JSON object");
        }
        List<String> phoneNumbers = strings(json.get("PhoneNumberSet"));
        String sdkAppId = string(json.get("SmsSdkAppId"));
        String templateId = string(json.get("TemplateId"));
        if (phoneNumbers.isEmpty() || sdkAppId == null || templateId == null) {
            throw new Rejected("MissingParameter", "PhoneNumberSet, SmsSdkAppId and TemplateId are required");
        }
        if (!SDK_APP_ID.equals(sdkAppId)) {
            throw new Rejected("InvalidParameterValue.SdkAppIdNotExist", "SdkAppId " + sdkAppId + " does not exist");
        }
        return new SendRequest(phoneNumbers, sdkAppId, string(json.get("SignName")), templateId,
                strings(json.get("TemplateParamSet")), credentialScope);
    }

    private String statusReply(SendRequest request, String forcedCode) {
        JsonArray statuses = new JsonArray();
        for (String phone : request.phoneNumbers()) {
            String code = forcedCode != null ? forcedCode : statusCode(request, phone);
            boolean sent = "Ok".equals(code);
            JsonObject status = new JsonObject();
            status.addProperty("SerialNo", sent ? "2645:" + UUID.randomUUID() : "");
            status.addProperty("PhoneNumber", phone);
            status.addProperty("Fee", sent ? 1 : 0);
            status.addProperty("SessionContext", "");
            status.addProperty("Code", code);
            status.addProperty("Message", sent ? "send success" : "fake status " + code);
            status.addProperty("IsoCode", "CN");
            statuses.add(status);
        }
        JsonObject response = new JsonObject();
        response.add("SendStatusSet", statuses);
        response.addProperty("RequestId", UUID.randomUUID().toString());
        return wrap(response);
    }

    /** What Tencent decides for one number of a well-formed request to an existing app. */
    private String statusCode(SendRequest request, String phone) {
        if (!E164_MAINLAND.matcher(phone).matches()) {
            return "InvalidParameterValue.IncorrectPhoneNumber";
        }
        if (!SIGN_NAME.equals(request.signName())) {
            return "FailedOperation.SignatureIncorrectOrUnapproved";
        }
        if (!TEMPLATE_ID.equals(request.templateId())) {
            return "FailedOperation.TemplateIncorrectOrUnapproved";
        }
        List<String> params = request.templateParams();
        if (params.size() != templateParameterCount) {
            return "FailedOperation.TemplateParamSetNotMatchApprovedTemplate";
        }
        if (params.stream().anyMatch(p -> p.length() > LONGEST_TEMPLATE_PARAMETER)) {
            return "InvalidParameterValue.TemplateParameterLengthLimit";
        }
        if (params.stream().anyMatch(p -> !VERIFICATION_CODE.matcher(p).matches())) {
            return "InvalidParameterValue.TemplateParameterFormatError";
        }
        return "Ok";
    }

    private static String errorReply(String code, String message) {
        JsonObject error = new JsonObject();
        error.addProperty("Code", code);
        error.addProperty("Message", message);
        JsonObject response = new JsonObject();
        response.add("Error", error);
        response.addProperty("RequestId", UUID.randomUUID().toString());
        return wrap(response);
    }

    private static String wrap(JsonObject response) {
        JsonObject root = new JsonObject();
        root.add("Response", response);
        return root.toString();
    }

    private static void reply(HttpExchange exchange, int status, String contentType, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", contentType);
        // HttpServer reads a length of 0 as "chunked"; -1 is how it spells an empty body.
        exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private static List<String> strings(JsonElement element) {
        List<String> values = new ArrayList<>();
        if (element != null && element.isJsonArray()) {
            element.getAsJsonArray().forEach(value -> values.add(value.getAsString()));
        }
        return values;
    }

    private static String string(JsonElement element) {
        return element == null || element.isJsonNull() ? null : element.getAsString();
    }

    private static String nullToEmpty(String value) {
        return value == null ? "" : value;
    }

    private static String sha256Hex(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 is required of every JDK", e);
        }
    }

    private static byte[] hmac(byte[] key, String message) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(message.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is required of every JDK", e);
        }
    }

    private static Thread daemon(Runnable task) {
        Thread thread = new Thread(task, "fake-tencent-sms");
        thread.setDaemon(true);
        return thread;
    }

    /** A check failed; Tencent would answer HTTP 200 with this error code. */
    private static final class Rejected extends Exception {

        private final String code;

        Rejected(String code, String message) {
            super(message, null, false, false);
            this.code = code;
        }
    }
}
