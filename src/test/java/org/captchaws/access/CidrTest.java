package org.captchaws.access;

import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CidrTest {

    @Test
    void anIpv4NetworkHoldsExactlyItsAddresses() {
        Cidr net = Cidr.parse("10.0.0.0/8");

        assertTrue(net.contains(ip("10.0.0.0")));
        assertTrue(net.contains(ip("10.255.255.255")));
        assertFalse(net.contains(ip("11.0.0.0")));
        assertFalse(net.contains(ip("9.255.255.255")));
    }

    @Test
    void prefixesThatSplitAByte() {
        Cidr net = Cidr.parse("192.168.1.64/26");

        assertTrue(net.contains(ip("192.168.1.64")));
        assertTrue(net.contains(ip("192.168.1.127")));
        assertFalse(net.contains(ip("192.168.1.63")));
        assertFalse(net.contains(ip("192.168.1.128")));

        Cidr odd = Cidr.parse("172.16.0.0/12");
        assertTrue(odd.contains(ip("172.31.255.255")));
        assertFalse(odd.contains(ip("172.32.0.0")));
        assertFalse(odd.contains(ip("172.15.255.255")));
    }

    @Test
    void theEdgePrefixes() {
        assertTrue(Cidr.parse("0.0.0.0/0").contains(ip("203.0.113.9")));
        assertTrue(Cidr.parse("203.0.113.9/32").contains(ip("203.0.113.9")));
        assertFalse(Cidr.parse("203.0.113.9/32").contains(ip("203.0.113.8")));
        assertTrue(Cidr.parse("203.0.113.9").contains(ip("203.0.113.9")), "a bare address is /32");
        assertFalse(Cidr.parse("203.0.113.9").contains(ip("203.0.113.10")));
    }

    @Test
    void hostBitsBelowThePrefixAreIgnored() {
        assertTrue(Cidr.parse("10.1.2.3/8").contains(ip("10.200.0.1")));
    }

    @Test
    void ipv6Networks() {
        Cidr net = Cidr.parse("2001:db8::/32");

        assertTrue(net.contains(ip("2001:db8::1")));
        assertTrue(net.contains(ip("2001:db8:ffff:ffff:ffff:ffff:ffff:ffff")));
        assertFalse(net.contains(ip("2001:db9::")));

        Cidr split = Cidr.parse("fd00:1234:5600::/41");
        assertTrue(split.contains(ip("fd00:1234:567f:ffff::")));
        assertFalse(split.contains(ip("fd00:1234:5680::")));

        assertTrue(Cidr.parse("::/0").contains(ip("::1")));
        assertTrue(Cidr.parse("::1").contains(ip("0:0:0:0:0:0:0:1")), "a bare address is /128");
        assertFalse(Cidr.parse("::1/128").contains(ip("::2")));
    }

    @Test
    void ipv4AndIpv6NeverMatchEachOther() {
        assertFalse(Cidr.parse("::1/128").contains(ip("127.0.0.1")));
        assertFalse(Cidr.parse("::/0").contains(ip("127.0.0.1")));
        assertFalse(Cidr.parse("0.0.0.0/0").contains(ip("::1")));
    }

    @Test
    void anIpv4MappedNetworkIsItsIpv4Network() {
        Cidr mapped = Cidr.parse("::ffff:10.0.0.0/104");

        assertTrue(mapped.contains(ip("10.9.8.7")));
        assertFalse(mapped.contains(ip("11.0.0.1")));
    }

    @Test
    void badEntriesAreRefusedWithTheirText() {
        for (String bad : List.of("10.0.0.0/33", "::/129", "10.0.0.0/-1", "10.0.0.0/x", "localhost", "example.com/8",
                "10.0.0", "300.0.0.1/8", "")) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Cidr.parse(bad), bad);
            assertTrue(e.getMessage().contains(bad.strip()), e.getMessage());
        }
    }

    @Test
    void aListSkipsBlanks() {
        assertEquals(2, Cidr.parseList(" 10.0.0.0/8 , ,::1 ").size());
        assertEquals(List.of(), Cidr.parseList(null));
        assertEquals(List.of(), Cidr.parseList(" "));
    }

    @Test
    void remoteAddressesAsContainersReportThem() {
        assertEquals(ip("::1"), Cidr.parseAddress("0:0:0:0:0:0:0:1"));
        assertEquals(ip("::1"), Cidr.parseAddress("[::1]"));
        assertEquals(ip("fe80::1"), Cidr.parseAddress("fe80::1%eth0"));
        assertEquals(ip("127.0.0.1"), Cidr.parseAddress("127.0.0.1"));
        assertNull(Cidr.parseAddress("localhost"), "never a name lookup");
        assertNull(Cidr.parseAddress(null));
    }

    /** What the log names the allowed networks by: each as it was configured. */
    @Test
    void aNetworkReadsAsItWasWritten() {
        assertEquals("10.1.2.3/8", Cidr.parse(" 10.1.2.3/8 ").toString());
        assertEquals("[10.0.0.0/8, 2001:db8::/32]", Cidr.parseList("10.0.0.0/8,2001:db8::/32").toString());
    }

    private static InetAddress ip(String literal) {
        return Cidr.parseAddress(literal);
    }
}
