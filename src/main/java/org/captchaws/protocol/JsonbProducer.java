package org.captchaws.protocol;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;

/**
 * The application's one {@link Jsonb}: created at the first connection, closed at undeploy.
 * A {@code Jsonb} is thread-safe and keeps a model of every class it has bound, so one per
 * connection (or per codec) would cost each idle connection tens of kilobytes for nothing.
 */
@ApplicationScoped
public class JsonbProducer {

    /** Singleton, not application-scoped: the codecs call it on every frame, no proxy needed. */
    @Produces
    @Singleton
    Jsonb jsonb() {
        return JsonbBuilder.create();
    }

    void close(@Disposes Jsonb jsonb) throws Exception {
        jsonb.close();
    }
}
