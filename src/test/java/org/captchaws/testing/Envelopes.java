package org.captchaws.testing;

/** Requests as a client sends them, in the seed's envelope. */
public final class Envelopes {

    private Envelopes() {
    }

    public static String generateImage(String id) {
        return """
                {"id":"%s","status":"","type":"captcha","subtype":"img","data":{"action":"generate"}}"""
                .formatted(id);
    }

    public static String verifyImage(String addr, String answer) {
        return """
                {"id":"v","status":"","type":"captcha","subtype":"img","data":{"action":"verify","addr":"%s","answer":"%s"}}"""
                .formatted(addr, answer);
    }

    public static String sendSms(String phone) {
        return """
                {"id":"s","status":"","type":"captcha","subtype":"sms","data":{"action":"generate","phone":"%s"}}"""
                .formatted(phone);
    }

    public static String verifySms(String phone, String code) {
        return """
                {"id":"c","status":"","type":"captcha","subtype":"sms","data":{"action":"verify","phone":"%s","code":"%s"}}"""
                .formatted(phone, code);
    }
}
