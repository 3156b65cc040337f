package org.captchaws.protocol;

import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;
import jakarta.websocket.EndpointConfig;

/**
 * What the encoder and decoder share: one {@link Jsonb} per codec instance, created when the
 * container initialises the codec and closed when it destroys it, never one per message.
 */
abstract class JsonbCodec {

    protected Jsonb jsonb;

    public void init(EndpointConfig config) {
        jsonb = JsonbBuilder.create();
    }

    public void destroy() {
        try {
            jsonb.close();
        } catch (Exception e) {
            throw new IllegalStateException("could not close JSON-B", e);
        }
    }
}
