package org.captchaws.protocol;

import jakarta.json.bind.Jsonb;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Proxy;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class JsonbProducerTest {

    private final JsonbProducer producer = new JsonbProducer();

    @Test
    void theProducedJsonbBindsJson() throws Exception {
        Jsonb jsonb = producer.jsonb();
        try {
            assertEquals("{\"a\":1}", jsonb.toJson(Map.of("a", 1)));
        } finally {
            producer.close(jsonb);
        }
    }

    @Test
    void disposingTheJsonbClosesIt() throws Exception {
        boolean[] closed = {false};
        Jsonb jsonb = (Jsonb) Proxy.newProxyInstance(Jsonb.class.getClassLoader(), new Class<?>[]{Jsonb.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("close")) {
                        closed[0] = true;
                        return null;
                    }
                    throw new UnsupportedOperationException(method.getName());
                });

        producer.close(jsonb);

        assertTrue(closed[0]);
    }
}
