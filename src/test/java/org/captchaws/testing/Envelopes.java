package org.captchaws.testing;

/**
 * Requests as a client sends them, in the seed's envelope. Values go in as they are, unescaped:
 * the tests' ids and phones need none. The {@code Json} variants take a field's raw JSON, to
 * send an id or a phone of any JSON type.
 */
public final class Envelopes {

    private Envelopes() {
    }

    public static String generateImage(String id) {
        return generateImageWithJsonId(quoted(id));
    }

    public static String generateImageWithJsonId(String jsonId) {
        return """
                {"id":%s,"status":"","type":"captcha","subtype":"img","data":{"action":"generate"}}"""
                .formatted(jsonId);
    }

    /** An image generate with more fields in {@code data}, as raw JSON members: {@code "kind":"math"}. */
    public static String generateImageWith(String id, String dataMembers) {
        return """
                {"id":"%s","status":"","type":"captcha","subtype":"img","data":{"action":"generate",%s}}"""
                .formatted(id, dataMembers);
    }

    public static String verifyImage(String addr, String answer) {
        return """
                {"id":"v","status":"","type":"captcha","subtype":"img","data":{"action":"verify","addr":"%s","answer":"%s"}}"""
                .formatted(addr, answer);
    }

    public static String sendSms(String phone) {
        return sendSms("s", phone);
    }

    public static String sendSms(String id, String phone) {
        return sendSmsWithJsonPhone(id, quoted(phone));
    }

    public static String sendSmsWithJsonPhone(String id, String jsonPhone) {
        return """
                {"id":"%s","status":"","type":"captcha","subtype":"sms","data":{"action":"generate","phone":%s}}"""
                .formatted(id, jsonPhone);
    }

    /** An SMS send naming the end user's address, {@code data.client_ip}. */
    public static String sendSmsFrom(String id, String phone, String clientIp) {
        return sendSmsWithJsonClientIp(id, phone, quoted(clientIp));
    }

    public static String sendSmsWithJsonClientIp(String id, String phone, String jsonClientIp) {
        return """
                {"id":"%s","status":"","type":"captcha","subtype":"sms","data":{"action":"generate","phone":"%s","client_ip":%s}}"""
                .formatted(id, phone, jsonClientIp);
    }

    public static String verifySms(String phone, String code) {
        return """
                {"id":"c","status":"","type":"captcha","subtype":"sms","data":{"action":"verify","phone":"%s","code":"%s"}}"""
                .formatted(phone, code);
    }

    private static String quoted(String value) {
        return "\"" + value + "\"";
    }
}
