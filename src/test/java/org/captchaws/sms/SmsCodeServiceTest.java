package org.captchaws.sms;

import org.captchaws.failure.ErrorCode;
import org.captchaws.store.SendRefusal;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** What the client is told for each limit that refuses a send. */
class SmsCodeServiceTest {

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
}
