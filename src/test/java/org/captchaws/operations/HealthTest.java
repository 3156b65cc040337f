package org.captchaws.operations;

import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;
import org.captchaws.operations.Health.Check;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The health answer's JSON, in MicroProfile Health's shape, as the application's JSON-B writes it. */
class HealthTest {

    private static final Jsonb JSONB = JsonbBuilder.create();

    @AfterAll
    static void close() throws Exception {
        JSONB.close();
    }

    @Test
    void upWhenEveryCheckIsUp() {
        Health health = Health.of(List.of(Check.of("font", true, Map.of()), Check.of("sms", true, Map.of("provider", "log"))));

        assertTrue(health.up());
        assertEquals("""
                {"status":"UP","checks":[{"name":"font","status":"UP"},\
                {"name":"sms","status":"UP","data":{"provider":"log"}}]}""", JSONB.toJson(health));
    }

    @Test
    void downWhenAnyCheckIsDown() {
        Health health = Health.of(List.of(Check.of("font", true, Map.of()), Check.of("store", false, Map.of("store", "redis"))));

        assertFalse(health.up());
        assertEquals("""
                {"status":"DOWN","checks":[{"name":"font","status":"UP"},\
                {"name":"store","status":"DOWN","data":{"store":"redis"}}]}""", JSONB.toJson(health));
    }

    @Test
    void noChecksIsUp() {
        assertEquals("{\"status\":\"UP\",\"checks\":[]}", JSONB.toJson(Health.of(List.of())));
    }
}
