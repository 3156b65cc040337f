package org.captchaws.protocol;

import jakarta.enterprise.inject.spi.CDI;
import jakarta.json.bind.Jsonb;
import jakarta.websocket.EndpointConfig;

/**
 * What the encoder and decoder share: the application's {@link Jsonb}. The container makes a
 * codec per connection and injects nothing into it, so {@code init} looks the Jsonb up; the
 * codec holds only the reference, and leaves closing it to {@link JsonbProducer}.
 */
abstract class JsonbCodec {

    protected Jsonb jsonb;

    /** For the container: the Jsonb is looked up in {@link #init}. */
    JsonbCodec() {
    }

    /** For tests, which have no CDI container. */
    JsonbCodec(Jsonb jsonb) {
        this.jsonb = jsonb;
    }

    public void init(EndpointConfig config) {
        if (jsonb == null) {
            jsonb = CDI.current().select(Jsonb.class).get();
        }
    }
}
