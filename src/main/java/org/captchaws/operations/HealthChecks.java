package org.captchaws.operations;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.captchaws.image.ImageCaptchaService;
import org.captchaws.operations.Health.Check;
import org.captchaws.sms.SmsCodeService;
import org.captchaws.store.StoreProducer;
import org.captchaws.store.StoreUnavailableException;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Whether this instance is alive, and whether it can serve: each readiness check does the real
 * thing in small (writes a file, asks Redis), so a check that passes means requests can.
 */
@ApplicationScoped
public class HealthChecks {

    private static final Logger LOG = Logger.getLogger(HealthChecks.class.getName());

    @Inject
    ImageCaptchaService images;

    @Inject
    StoreProducer store;

    @Inject
    SmsCodeService sms;

    /** Alive while it answers at all: nothing here would be cured by a restart. */
    public Health live() {
        return Health.of(List.of());
    }

    public Health ready() {
        return Health.of(List.of(imagesFolder(), font(), store(), sms()));
    }

    private Check imagesFolder() {
        try {
            images.checkFolderWritable();
            return Check.of("images-folder", true, Map.of());
        } catch (IOException e) {
            // The reason (a path, say) is for the log: the answer is public.
            LOG.log(Level.FINE, "Readiness: the images folder is not writable", e);
            return Check.of("images-folder", false, Map.of());
        }
    }

    private Check font() {
        return Check.of("font", images.fontReady(), Map.of());
    }

    private Check store() {
        Map<String, String> data = Map.of("store", store.kind());
        try {
            store.ping();
            return Check.of("store", true, data);
        } catch (StoreUnavailableException e) {
            LOG.log(Level.FINE, "Readiness: the store does not answer", e);
            return Check.of("store", false, data);
        }
    }

    private Check sms() {
        return Check.of("sms", sms.configured(), Map.of("provider", sms.provider()));
    }
}
