package org.captchaws.operations;

import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;
import org.captchaws.operations.Health.Check;
import org.captchaws.testing.FakeRequest;
import org.captchaws.testing.FakeResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The probes' answers: the status code a load balancer reads and the JSON a person does. */
class HealthServletTest {

    private final Jsonb jsonb = JsonbBuilder.create();
    private final HealthServlet servlet = new HealthServlet();
    private Health ready = Health.of(List.of(Check.of("font", true, Map.of())));

    HealthServletTest() {
        servlet.jsonb = jsonb;
        servlet.checks = new HealthChecks() {
            @Override
            public Health ready() {
                return ready;
            }
        };
    }

    @AfterEach
    void close() throws Exception {
        jsonb.close();
    }

    @Test
    void liveIs200WithNoChecks() throws Exception {
        ready = Health.of(List.of(Check.of("font", false, Map.of())));

        FakeResponse response = get(HealthServlet.LIVE);

        assertEquals(200, response.getStatus(), "liveness does not look at readiness");
        assertEquals("{\"status\":\"UP\",\"checks\":[]}", response.body());
        assertJsonNotCached(response);
    }

    @Test
    void readyIs200WhenUp() throws Exception {
        FakeResponse response = get(HealthServlet.READY);

        assertEquals(200, response.getStatus());
        assertEquals("{\"status\":\"UP\",\"checks\":[{\"name\":\"font\",\"status\":\"UP\"}]}", response.body());
        assertJsonNotCached(response);
    }

    @Test
    void readyIs503WhenDown() throws Exception {
        ready = Health.of(List.of(Check.of("store", false, Map.of("store", "redis"))));

        FakeResponse response = get(HealthServlet.READY);

        assertEquals(503, response.getStatus());
        assertEquals("{\"status\":\"DOWN\",\"checks\":[{\"name\":\"store\",\"status\":\"DOWN\",\"data\":{\"store\":\"redis\"}}]}",
                response.body());
        assertJsonNotCached(response);
    }

    private FakeResponse get(String path) throws Exception {
        FakeResponse response = new FakeResponse();
        servlet.doGet(new FakeRequest().servletPath(path), response);
        return response;
    }

    private static void assertJsonNotCached(FakeResponse response) {
        assertEquals("application/json", response.getContentType());
        assertEquals("UTF-8", response.getCharacterEncoding());
        assertEquals("no-store", response.getHeader("Cache-Control"));
    }
}
