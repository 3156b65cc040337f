package org.captchaws.operations;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.servlet.ServletContext;
import org.captchaws.access.OpenConnections;
import org.captchaws.failure.CaptchaException;
import org.captchaws.image.ImageCaptchaService;
import org.captchaws.metrics.Metrics;
import org.captchaws.store.ChallengeStore;

import java.io.IOException;

/**
 * The gauges: read from the features when the metrics are scraped, so nothing is counted twice
 * and nothing runs between scrapes. A value that cannot be had (Redis down, the folder gone)
 * is NaN for that scrape rather than a failed scrape.
 */
@ApplicationScoped
public class Gauges {

    @Inject
    Metrics metrics;

    @Inject
    OpenConnections connections;

    @Inject
    ChallengeStore store;

    @Inject
    ImageCaptchaService images;

    void register(@Observes @Initialized(ApplicationScoped.class) ServletContext started) {
        metrics.gauge("captcha_open_connections", "WebSocket connections open now", connections::count);
        metrics.gauge("captcha_live_challenges", "Image and SMS challenges awaiting an answer (on Redis: of all instances)",
                this::liveChallenges);
        metrics.gauge("captcha_image_files", "Captcha images in the images folder", this::imageFiles);
    }

    private double liveChallenges() {
        try {
            return store.count();
        } catch (CaptchaException e) {
            return Double.NaN;
        }
    }

    private double imageFiles() {
        try {
            return images.imageFiles();
        } catch (IOException e) {
            return Double.NaN;
        }
    }
}
