package org.captchaws.operations;

import org.captchaws.image.ImageCaptchaService;
import org.captchaws.operations.Health.Check;
import org.captchaws.sms.SmsCodeService;
import org.captchaws.store.StoreProducer;
import org.captchaws.store.StoreUnavailableException;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Readiness from what each feature says of itself. The features are stand-ins that answer as a
 * writable or unwritable folder, a loaded font, a store that answers or not, and a configured SMS
 * provider would; their own tests cover how they find out.
 */
class HealthChecksTest {

    private boolean folderWritable = true;
    private boolean fontReady = true;
    private boolean storeAnswers = true;
    private boolean smsConfigured = true;
    private final HealthChecks checks = new HealthChecks();

    HealthChecksTest() {
        checks.images = new ImageCaptchaService() {
            @Override
            public void checkFolderWritable() throws IOException {
                if (!folderWritable) {
                    throw new IOException("read-only file system: /srv/captcha/images");
                }
            }

            @Override
            public boolean fontReady() {
                return fontReady;
            }
        };
        checks.store = new StoreProducer() {
            @Override
            public String kind() {
                return "redis";
            }

            @Override
            public void ping() throws StoreUnavailableException {
                if (!storeAnswers) {
                    throw new StoreUnavailableException(new IOException("connection refused"));
                }
            }
        };
        checks.sms = new SmsCodeService() {
            @Override
            public String provider() {
                return "tencent";
            }

            @Override
            public boolean configured() {
                return smsConfigured;
            }
        };
    }

    @Test
    void aliveWithNoChecks() {
        assertEquals(new Health(Health.UP, List.of()), checks.live());
    }

    @Test
    void readyWhenEveryFeatureCanServeWithWhatAnOperatorMayKnow() {
        Health ready = checks.ready();

        assertEquals(new Health(Health.UP, List.of(
                new Check("images-folder", Health.UP, null),
                new Check("font", Health.UP, null),
                new Check("store", Health.UP, Map.of("store", "redis")),
                new Check("sms", Health.UP, Map.of("provider", "tencent")))), ready);
    }

    @Test
    void anUnwritableFolderIsDownAndItsPathIsNotTold() {
        folderWritable = false;

        Health ready = checks.ready();

        assertFalse(ready.up());
        assertEquals(new Check("images-folder", Health.DOWN, null), ready.checks().get(0));
        assertTrue(ready.checks().subList(1, 4).stream().allMatch(Check::up));
    }

    @Test
    void eachOtherFeatureIsDownOnItsOwn() {
        fontReady = false;
        assertEquals(List.of("UP", "DOWN", "UP", "UP"), statuses(checks.ready()));
        fontReady = true;

        storeAnswers = false;
        Health noStore = checks.ready();
        assertEquals(List.of("UP", "UP", "DOWN", "UP"), statuses(noStore));
        assertEquals(Map.of("store", "redis"), noStore.checks().get(2).data(), "which store, even when down");
        storeAnswers = true;

        smsConfigured = false;
        Health noSms = checks.ready();
        assertEquals(List.of("UP", "UP", "UP", "DOWN"), statuses(noSms));
        assertEquals(Map.of("provider", "tencent"), noSms.checks().get(3).data());
        assertFalse(noSms.up());
    }

    private static List<String> statuses(Health health) {
        return health.checks().stream().map(Check::status).toList();
    }
}
