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
 * Deletes captcha images past their file lifetime on a schedule, so the images folder holds
 * about (rate x file lifetime) files instead of growing for ever. Images that are answered go at
 * once. Every second the files this instance wrote go, oldest first, without listing the folder
 * (each new image also takes up to two with it, so this keeps up at any rate), and the spares no
 * image needed for minutes go, a bounded number a run. A listing of the whole folder, started at
 * start and then every {@code captcha.cleanup.interval-seconds} and gone through a bounded number
 * of files a second, takes what an earlier run or another instance left.
 */
@ApplicationScoped
public class ImageCleanup {

    @Resource
    ManagedScheduledExecutorService scheduler;

    @Inject
    ImageCaptchaService images;

    @Inject
    StoreSettings settings;

    /** Files outlive their lifetime by at most this much. */
    private static final long OUTLIVED_EVERY_MILLIS = 1000;

    private ScheduledFuture<?> leftOvers;
    private ScheduledFuture<?> outlived;

    /** After the image service has found its folder (a lower priority runs first). */
    void start(@Observes @Priority(Interceptor.Priority.APPLICATION + 1000)
               @Initialized(ApplicationScoped.class) ServletContext started) {
        long every = settings.cleanupInterval().toMillis();
        // At once as well: files an earlier run left behind go without waiting a period.
        leftOvers = scheduler.scheduleWithFixedDelay(images::startLeftOverSweep, 0, every, TimeUnit.MILLISECONDS);
        outlived = scheduler.scheduleWithFixedDelay(images::deleteOutlivedImages,
                OUTLIVED_EVERY_MILLIS, OUTLIVED_EVERY_MILLIS, TimeUnit.MILLISECONDS);
    }

    @PreDestroy
    void stop() {
        for (ScheduledFuture<?> schedule : new ScheduledFuture<?>[]{leftOvers, outlived}) {
            if (schedule != null) {
                schedule.cancel(false);
            }
        }
    }
}
