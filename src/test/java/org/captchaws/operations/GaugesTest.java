package org.captchaws.operations;

import org.captchaws.access.OpenConnections;
import org.captchaws.failure.CaptchaException;
import org.captchaws.image.ImageCaptchaService;
import org.captchaws.metrics.Metrics;
import org.captchaws.store.ChallengeStore;
import org.captchaws.store.MemoryChallengeStore;
import org.captchaws.store.StoreUnavailableException;
import org.captchaws.testing.Scrape;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The gauges read from the features at each scrape. The store is the real memory store; the
 * images service is a stand-in for its folder count, which its own tests cover.
 */
class GaugesTest {

    private final Metrics metrics = new Metrics();
    private final OpenConnections connections = new OpenConnections();
    private final MemoryChallengeStore memory = new MemoryChallengeStore(Clock.systemUTC(), 100, Duration.ofSeconds(1));
    private final Gauges gauges = new Gauges();
    private long imageFiles = 7;
    private boolean folderGone;

    GaugesTest() {
        gauges.metrics = metrics;
        gauges.connections = connections;
        gauges.store = memory;
        gauges.images = new ImageCaptchaService() {
            @Override
            public long imageFiles() throws IOException {
                if (folderGone) {
                    throw new IOException("no such folder");
                }
                return imageFiles;
            }
        };
    }

    @Test
    void eachScrapeReadsTheFeaturesNow() throws Exception {
        gauges.register(null);
        connections.opened();
        memory.put("img:a", new byte[32], Duration.ofMinutes(1));
        memory.put("sms:b", new byte[32], Duration.ofMinutes(1));

        Scrape first = scrape();
        assertEquals(1.0, first.find("captcha_open_connections").orElseThrow());
        assertEquals(2.0, first.find("captcha_live_challenges").orElseThrow());
        assertEquals(7.0, first.find("captcha_image_files").orElseThrow());

        connections.opened();
        memory.remove("img:a");
        imageFiles = 9;
        Scrape second = scrape();
        assertEquals(2.0, second.find("captcha_open_connections").orElseThrow());
        assertEquals(1.0, second.find("captcha_live_challenges").orElseThrow());
        assertEquals(9.0, second.find("captcha_image_files").orElseThrow());
    }

    @Test
    void aValueThatCannotBeHadIsNaNForThatScrape() throws Exception {
        gauges.store = new UnreachableStore();
        folderGone = true;
        gauges.register(null);

        Scrape scrape = scrape();

        assertTrue(Double.isNaN(scrape.find("captcha_live_challenges").orElseThrow()));
        assertTrue(Double.isNaN(scrape.find("captcha_image_files").orElseThrow()));
        assertEquals(0.0, scrape.find("captcha_open_connections").orElseThrow());
    }

    private Scrape scrape() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        metrics.writeTo(out);
        return Scrape.parse(out.toString(StandardCharsets.UTF_8));
    }

    /** A store whose server does not answer, as Redis down does. */
    private static final class UnreachableStore implements ChallengeStore {
        @Override
        public void put(String key, byte[] answerMac, Duration ttl) throws CaptchaException {
            throw unreachable();
        }

        @Override
        public Optional<Attempt> attempt(String key) throws CaptchaException {
            throw unreachable();
        }

        @Override
        public boolean remove(String key) throws CaptchaException {
            throw unreachable();
        }

        @Override
        public long count() throws CaptchaException {
            throw unreachable();
        }

        private static StoreUnavailableException unreachable() {
            return new StoreUnavailableException(new IOException("connection refused"));
        }
    }
}
