package org.captchaws.store;

import org.captchaws.failure.CaptchaException;
import org.captchaws.testing.Concurrently;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

/** What every {@link SendCounter} does, in memory and on Redis alike. */
abstract class SendCounterContract {

    static final String PHONE = "13800138000";
    static final SendLimits NO_INTERVAL = new SendLimits(Duration.ZERO, 100, 100);
    static final SendLimits ONE_A_MINUTE = new SendLimits(Duration.ofMinutes(1), 100, 100);
    static final Optional<String> NO_CLIENT_IP = Optional.empty();
    static final String IP = "203.0.113.7";
    static final String OTHER_IP = "2001:db8:1:2::/64";

    protected SendCounter counter;

    /** A new counter that has counted nothing. */
    protected abstract SendCounter newCounter();

    @BeforeEach
    void createCounter() {
        counter = newCounter();
    }

    @Test
    void sendWithinTheIntervalIsTooFrequent() throws Exception {
        counted(PHONE, ONE_A_MINUTE);

        assertEquals(SendRefusal.TOO_FREQUENT, reserve(PHONE, ONE_A_MINUTE));
        counted("13900139000", ONE_A_MINUTE);
    }

    @Test
    void hourlyLimitRefusesAndARefusalDoesNotCount() throws Exception {
        SendLimits twoAnHour = new SendLimits(Duration.ZERO, 2, 3);
        counted(PHONE, twoAnHour);
        counted(PHONE, twoAnHour);

        assertEquals(SendRefusal.HOURLY_LIMIT, reserve(PHONE, twoAnHour));
        assertEquals(SendRefusal.HOURLY_LIMIT, reserve(PHONE, twoAnHour));
        // Two counted today, so a third fits the day: the refusals above were not counted.
        counted(PHONE, new SendLimits(Duration.ZERO, 3, 3));
    }

    @Test
    void dailyLimitRefuses() throws Exception {
        SendLimits twoADay = new SendLimits(Duration.ZERO, 10, 2);
        counted(PHONE, twoADay);
        counted(PHONE, twoADay);

        assertEquals(SendRefusal.DAILY_LIMIT, reserve(PHONE, twoADay));
    }

    @Test
    void theFirstBrokenLimitIsReported() throws Exception {
        SendLimits oneOfEach = new SendLimits(Duration.ofMinutes(1), 1, 1);
        counted(PHONE, oneOfEach);

        assertEquals(SendRefusal.TOO_FREQUENT, reserve(PHONE, oneOfEach));
        assertEquals(SendRefusal.HOURLY_LIMIT, reserve(PHONE, new SendLimits(Duration.ZERO, 1, 1)));
    }

    @Test
    void ofConcurrentSendsWithinTheIntervalExactlyOneIsCounted() throws Exception {
        List<SendOutcome> outcomes = Concurrently.run(20, 10, () -> reserve(PHONE, ONE_A_MINUTE));

        assertEquals(1, outcomes.stream().filter(SendReservation.class::isInstance).count());
        assertEquals(19, outcomes.stream().filter(SendRefusal.TOO_FREQUENT::equals).count());
    }

    @Test
    void releasedSendDoesNotCount() throws Exception {
        SendLimits oneOfEach = new SendLimits(Duration.ofMinutes(1), 1, 1);
        SendReservation failed = counted(PHONE, oneOfEach);

        counter.release(failed);

        counted(PHONE, oneOfEach);
        assertEquals(SendRefusal.TOO_FREQUENT, reserve(PHONE, oneOfEach));
    }

    @Test
    void releaseNeverDrivesCountersBelowZero() throws Exception {
        SendLimits oneAnHour = new SendLimits(Duration.ZERO, 1, 10);
        SendReservation reservation = counted(PHONE, oneAnHour);
        counter.release(reservation);
        counter.release(reservation);

        counted(PHONE, oneAnHour);
        assertEquals(SendRefusal.HOURLY_LIMIT, reserve(PHONE, oneAnHour));
    }

    @Test
    void theHourlyBudgetAllowsThreeSendsAcrossPhonesAndRefusesTheFourth() throws Exception {
        assertThreeCountedAcrossPhonesThenRefused(budget(3, 100), SendRefusal.TOTAL_HOURLY_LIMIT);
    }

    @Test
    void theDailyBudgetAllowsThreeSendsAcrossPhonesAndRefusesTheFourth() throws Exception {
        assertThreeCountedAcrossPhonesThenRefused(budget(100, 3), SendRefusal.TOTAL_DAILY_LIMIT);
    }

    private void assertThreeCountedAcrossPhonesThenRefused(SendLimits budget, SendRefusal refusal) throws Exception {
        counted("13800000001", budget);
        counted("13800000002", budget);
        counted("13800000003", budget);

        assertEquals(refusal, reserve("13800000004", budget));
        assertEquals(refusal, reserve("13800000001", budget), "a phone that had its send");
    }

    @Test
    void aReleasedSendFreesItsBudget() throws Exception {
        SendLimits budgetOfOne = budget(1, 1);
        SendReservation failed = counted("13800000001", budgetOfOne);
        assertEquals(SendRefusal.TOTAL_HOURLY_LIMIT, reserve("13800000002", budgetOfOne));

        counter.release(failed);

        counted("13800000002", budgetOfOne);
        assertEquals(SendRefusal.TOTAL_HOURLY_LIMIT, reserve("13800000003", budgetOfOne));
    }

    @Test
    void aPhonesRefusalSpendsNoBudgetAndNoAddressCount() throws Exception {
        SendLimits limits = new SendLimits(Duration.ofMinutes(1), 100, 100, 2, 2, 100);
        counted("13800000001", IP, limits);

        assertEquals(SendRefusal.TOO_FREQUENT, reserve("13800000001", IP, limits));

        counted("13800000002", IP, limits); // the address's second and the budget's second
        assertEquals(SendRefusal.CLIENT_IP_HOURLY_LIMIT, reserve("13800000003", IP, limits));
        assertEquals(SendRefusal.TOTAL_HOURLY_LIMIT, reserve("13800000003", OTHER_IP, limits));
    }

    @Test
    void anAddresssRefusalSpendsNoBudgetAndCountsNothingForThePhone() throws Exception {
        SendLimits limits = new SendLimits(Duration.ZERO, 1, 100, 1, 2, 100);
        counted("13800000001", IP, limits);

        assertEquals(SendRefusal.CLIENT_IP_HOURLY_LIMIT, reserve("13800000002", IP, limits));

        // One a phone per hour, a budget of two: both still there for this phone.
        counted("13800000002", OTHER_IP, limits);
        assertEquals(SendRefusal.TOTAL_HOURLY_LIMIT, reserve("13800000003", limits));
    }

    @Test
    void theBudgetsRefusalCountsNothingForThePhoneOrTheAddress() throws Exception {
        SendLimits limits = new SendLimits(Duration.ZERO, 1, 100, 1, 1, 100);
        SendReservation first = counted("13800000001", IP, limits);

        assertEquals(SendRefusal.TOTAL_HOURLY_LIMIT, reserve("13800000002", OTHER_IP, limits));

        counter.release(first);
        // One a phone per hour, one an address: the refusal above counted neither.
        counted("13800000002", OTHER_IP, limits);
    }

    /** Races repeat: one lost update in one round is enough to fail. */
    static final int ROUNDS = 10;

    @Test
    void ofTwentySimultaneousSendsToDifferentPhonesExactlyTheBudgetIsCounted() throws Exception {
        for (int round = 0; round < ROUNDS; round++) {
            // Five more each round: the budget grows by five, what is counted stays.
            SendLimits fiveMore = budget(5 * (round + 1), 1000);
            String phones = "138" + String.format("%04d", round);

            List<SendOutcome> outcomes = Concurrently.run(20, 10,
                    i -> reserve(phones + String.format("%04d", i), fiveMore));

            assertEquals(5, outcomes.stream().filter(SendReservation.class::isInstance).count(), "round " + round);
            assertEquals(15, outcomes.stream().filter(SendRefusal.TOTAL_HOURLY_LIMIT::equals).count(), "round " + round);
            assertEquals(SendRefusal.TOTAL_HOURLY_LIMIT, reserve("13900000000", fiveMore), "round " + round);
        }
    }

    @Test
    void ofTwentySimultaneousSendsFromOneAddressExactlyItsLimitIsCounted() throws Exception {
        SendLimits threeAnAddress = new SendLimits(Duration.ZERO, 100, 100, 3, 1000, 1000);
        for (int round = 0; round < ROUNDS; round++) {
            String address = "198.51.100." + round;
            String phones = "138" + String.format("%04d", round);

            List<SendOutcome> outcomes = Concurrently.run(20, 10,
                    i -> reserve(phones + String.format("%04d", i), address, threeAnAddress));

            assertEquals(3, outcomes.stream().filter(SendReservation.class::isInstance).count(), "round " + round);
            assertEquals(17, outcomes.stream().filter(SendRefusal.CLIENT_IP_HOURLY_LIMIT::equals).count(),
                    "round " + round);
        }
    }

    @Test
    void anAddressIsLimitedAcrossPhonesAndOtherAddressesAreNot() throws Exception {
        SendLimits twoAnAddress = new SendLimits(Duration.ZERO, 100, 100, 2, 100, 100);
        counted("13800000001", IP, twoAnAddress);
        counted("13800000002", IP, twoAnAddress);

        assertEquals(SendRefusal.CLIENT_IP_HOURLY_LIMIT, reserve("13800000003", IP, twoAnAddress));

        counted("13800000003", OTHER_IP, twoAnAddress);
        counted("13800000004", twoAnAddress); // a request naming no address
    }

    @Test
    void aReleasedSendFreesItsAddressCount() throws Exception {
        SendLimits oneAnAddress = new SendLimits(Duration.ZERO, 100, 100, 1, 100, 100);
        SendReservation failed = counted("13800000001", IP, oneAnAddress);

        counter.release(failed);

        counted("13800000002", IP, oneAnAddress);
        assertEquals(SendRefusal.CLIENT_IP_HOURLY_LIMIT, reserve("13800000003", IP, oneAnAddress));
    }

    @Test
    void aReleaseTakesBackOnlyItsOwnSendFromThePhone() throws Exception {
        SendLimits twoAnHour = new SendLimits(Duration.ZERO, 2, 100);
        counted(PHONE, twoAnHour);
        SendReservation failed = counted(PHONE, twoAnHour);

        counter.release(failed);

        counted(PHONE, twoAnHour);
        assertEquals(SendRefusal.HOURLY_LIMIT, reserve(PHONE, twoAnHour), "the first send still counts");
    }

    @Test
    void aReleaseTakesBackOnlyItsOwnSendFromTheBudget() throws Exception {
        SendLimits budgetOfTwo = budget(2, 100);
        counted("13800000001", budgetOfTwo);
        SendReservation failed = counted("13800000002", budgetOfTwo);

        counter.release(failed);

        counted("13800000003", budgetOfTwo);
        assertEquals(SendRefusal.TOTAL_HOURLY_LIMIT, reserve("13800000004", budgetOfTwo), "the first send still counts");
    }

    @Test
    void aReleaseTakesBackOnlyItsOwnSendFromTheAddress() throws Exception {
        SendLimits twoAnAddress = new SendLimits(Duration.ZERO, 100, 100, 2, 100, 100);
        counted("13800000001", IP, twoAnAddress);
        SendReservation failed = counted("13800000002", IP, twoAnAddress);

        counter.release(failed);

        counted("13800000003", IP, twoAnAddress);
        assertEquals(SendRefusal.CLIENT_IP_HOURLY_LIMIT, reserve("13800000004", IP, twoAnAddress),
                "the first send still counts");
    }

    /** A budget across all numbers, the other limits out of the way. */
    static SendLimits budget(int perHour, int perDay) {
        return new SendLimits(Duration.ZERO, 100, 100, 100, perHour, perDay);
    }

    SendOutcome reserve(String phone, SendLimits limits) throws CaptchaException {
        return counter.reserve(phone, NO_CLIENT_IP, limits);
    }

    SendOutcome reserve(String phone, String clientIp, SendLimits limits) throws CaptchaException {
        return counter.reserve(phone, Optional.of(clientIp), limits);
    }

    SendReservation counted(String phone, String clientIp, SendLimits limits) throws CaptchaException {
        return assertInstanceOf(SendReservation.class, reserve(phone, clientIp, limits),
                "a counted send to " + phone + " for " + clientIp);
    }

    /** Reserves a send that must be counted. */
    SendReservation counted(String phone, SendLimits limits) throws CaptchaException {
        return counted(counter, phone, limits);
    }

    static SendReservation counted(SendCounter on, String phone, SendLimits limits) throws CaptchaException {
        return assertInstanceOf(SendReservation.class, on.reserve(phone, NO_CLIENT_IP, limits), "a counted send to " + phone);
    }
}
