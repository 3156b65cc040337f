package org.captchaws.sms;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Client addresses as limit keys: every spelling of one address (or /64) is one key; names are never looked up. */
class ClientAddressesTest {

    @Test
    void ipv4IsItsDottedDecimal() {
        assertKey("203.0.113.7", "203.0.113.7");
        assertKey("0.0.0.0", "0.0.0.0");
        assertKey("255.255.255.255", "255.255.255.255");
        assertKey("192.0.2.99", "192.0.2.99");
    }

    @Test
    void ipv4MappedIpv6IsTheIpv4ItCarries() {
        for (String mapped : List.of("::ffff:203.0.113.7", "::FFFF:203.0.113.7", "::ffff:cb00:7107",
                "0:0:0:0:0:ffff:cb00:7107", "0000:0000:0000:0000:0000:FFFF:203.0.113.7")) {
            assertKey(mapped, "203.0.113.7");
        }
    }

    @Test
    void ipv6IsItsSlash64InCanonicalForm() {
        for (String spelling : List.of("2001:db8:1:2::7", "2001:DB8:1:2:0:0:0:7", "2001:0db8:0001:0002:0000:0000:0000:0007",
                "2001:db8:1:2:ffff:ffff:ffff:ffff", "2001:db8:1:2:a:b:c:d", "2001:db8:1:2:0:0:1.2.3.4")) {
            assertKey(spelling, "2001:db8:1:2::/64");
        }
        assertKey("2001:db8::1", "2001:db8::/64");
        assertKey("2001:db8:0:1::1", "2001:db8:0:1::/64");
        assertKey("::1", "::/64");
        assertKey("::", "::/64");
        assertKey("1:2:3:4:5:6:7::", "1:2:3:4::/64");
        assertKey("::2:3:4:5:6:7:8", "0:2:3:4::/64");
        assertKey("fe80::1", "fe80::/64");
        assertKey("2001:DB9:A:2::7", "2001:db9:a:2::/64");
        assertKey("0:0:0:1::", "0:0:0:1::/64");
        assertKey("1:0:0:1::", "1:0:0:1::/64");
    }

    @Test
    void theLongestSpellingIsStillAnAddress() {
        String longest = "0000:0000:0000:0000:0000:ffff:255.255.255.255";
        assertEquals(45, longest.length());

        assertKey(longest, "255.255.255.255");
    }

    @Test
    void anotherSlash64IsAnotherKey() {
        assertKey("2001:db8:1:3::7", "2001:db8:1:3::/64");
    }

    @Test
    void anythingButAnIpLiteralIsRefusedAndNeverLookedUp() {
        // localhost and the all-hex names resolve: a parser that asked DNS would accept them.
        for (String invalid : List.of("", " ", "localhost", "example.com", "abc.def", "cafe", "beef.cafe.dead.face",
                "1.2.3", "1.2.3.4.5", "256.1.1.1", "1.2.3.-4", "01.2.3.4", "1.2.3.04", "1..2.3", "1.2.3.4.",
                " 1.2.3.4", "1.2.3.4 ", "1.2.3.4\n", "1.2.3.4:80", "0x7f.0.0.1", "127.1", "2130706433",
                "１.２.３.４", "1:2:3:4:5:6:7", "1:2:3:4:5:6:7:8:9", "1::2::3", ":::", ":1:2:3:4:5:6:7:8",
                "1:2:3:4:5:6:7:8:", "1::2:3:4:5:6:7:8", "12345::", "g::1", "[::1]", "fe80::1%eth0", "fe80::1%1",
                "::ffff:1.2.3.256", "::ffff:1.2.3", "1.2.3.4::", "::1.2.3.4:5", "2001:db8::1/64",
                "1:2:3:4:5:6:7:8".repeat(6))) {
            assertEquals(Optional.empty(), ClientAddresses.limitKey(invalid), invalid);
        }
    }

    private static void assertKey(String literal, String key) {
        assertEquals(Optional.of(key), ClientAddresses.limitKey(literal), literal);
    }
}
