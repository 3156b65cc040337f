package org.captchaws.protocol;

import jakarta.websocket.Encoder;

/** Writes a {@link Reply} as the seed's JSON envelope. */
public class ReplyEncoder extends JsonbCodec implements Encoder.Text<Reply> {

    @Override
    public String encode(Reply reply) {
        return jsonb.toJson(reply);
    }
}
