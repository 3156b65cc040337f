package org.captchaws.image;

import jakarta.annotation.PreDestroy;
import jakarta.annotation.Priority;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.interceptor.Interceptor;
import jakarta.servlet.ServletContext;
import org.captchaws.config.StoreSettings;

import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Deletes expired captcha images on a schedule, so the images folder holds about
 * (rate x TTL) files instead of growing for ever. Images that are answered go at once.
 */
@ApplicationScoped
public class ImageCleanup {

    @Resource
    ManagedScheduledExecutorService scheduler;

    @Inject
    ImageCaptchaService images;

    @Inject
    StoreSettings settings;

    private ScheduledFuture<?> schedule;

    /** After the image service has found its folder (a lower priority runs first). */
    void start(@Observes @Priority(Interceptor.Priority.APPLICATION + 1000)
               @Initialized(ApplicationScoped.class) ServletContext started) {
        long every = settings.cleanupInterval().toMillis();
        // At once as well: files an earlier run left behind go without waiting a period.
        schedule = scheduler.scheduleWithFixedDelay(images::deleteExpiredImages, 0, every, TimeUnit.MILLISECONDS);
    }

    @PreDestroy
    void stop() {
        if (schedule != null) {
            schedule.cancel(false);
        }
    }
}
