package org.captchaws.protocol;

import jakarta.json.bind.Jsonb;
import jakarta.websocket.Encoder;

/** Writes a {@link Reply} as the seed's JSON envelope. */
public class ReplyEncoder extends JsonbCodec implements Encoder.Text<Reply> {

    public ReplyEncoder() {
    }

    ReplyEncoder(Jsonb jsonb) {
        super(jsonb);
    }

    @Override
    public String encode(Reply reply) {
        return jsonb.toJson(reply);
    }
}
