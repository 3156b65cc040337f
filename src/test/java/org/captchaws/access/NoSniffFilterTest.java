package org.captchaws.access;

import jakarta.servlet.ServletRequest;
import org.captchaws.testing.FakeRequest;
import org.captchaws.testing.FakeResponse;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class NoSniffFilterTest {

    @Test
    void anImageIsServedWithNosniffAndTheChainGoesOn() throws Exception {
        FakeRequest request = new FakeRequest();
        FakeResponse response = new FakeResponse();
        List<ServletRequest> served = new ArrayList<>();
        String[] headerWhenServed = new String[1];

        new NoSniffFilter().doFilter(request, response, (req, res) -> {
            served.add(req);
            headerWhenServed[0] = response.getHeader("X-Content-Type-Options");
        });

        assertEquals(List.of(request), served);
        assertEquals("nosniff", headerWhenServed[0], "set before the file is written");
    }
}
