package org.captchaws.access;

import org.captchaws.testing.Settings;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class OpenConnectionsTest {

    private final OpenConnections connections = new OpenConnections();

    OpenConnectionsTest() {
        connections.settings = Settings.access(null, null, null, 2);
    }

    @Test
    void theLimitIsReachedWithTheLastAllowedSessionAndLeftWithItsClose() {
        assertFalse(connections.atLimit());
        connections.opened();
        assertFalse(connections.atLimit(), "one of two");
        connections.opened();
        assertTrue(connections.atLimit(), "two of two: no third");
        connections.opened();
        assertTrue(connections.atLimit(), "past it, by a handshake in flight");

        connections.closed();
        connections.closed();

        assertFalse(connections.atLimit());
        assertEquals(1, connections.count());
    }

    @Test
    void theCountIsTheSessionsOpenNow() {
        assertEquals(0, connections.count());
        connections.opened();
        connections.opened();
        connections.opened();
        connections.closed();

        assertEquals(2, connections.count());
    }
}
