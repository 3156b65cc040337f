package org.captchaws.protocol;

import jakarta.enterprise.inject.spi.CDI;
import jakarta.json.bind.Jsonb;
import jakarta.websocket.EndpointConfig;

/**
 * What the encoder and decoder share: the application's {@link Jsonb}, held by reference and
 * never closed here ({@link JsonbProducer} closes it). The container makes the encoder per
 * connection and injects nothing into it, so its {@code init} looks the Jsonb up; the endpoint
 * makes the decoder itself and hands it the Jsonb it has injected.
 */
abstract class JsonbCodec {

    protected Jsonb jsonb;

    /** For the container: the Jsonb is looked up in {@link #init}. */
    JsonbCodec() {
    }

    /** With the Jsonb at hand: the endpoint's decoder, and tests, which have no CDI container. */
    JsonbCodec(Jsonb jsonb) {
        this.jsonb = jsonb;
    }

    public void init(EndpointConfig config) {
        if (jsonb == null) {
            jsonb = CDI.current().select(Jsonb.class).get();
        }
    }
}
