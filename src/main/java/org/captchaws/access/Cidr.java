package org.captchaws.access;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * An IPv4 or IPv6 network in CIDR notation ({@code 10.0.0.0/8}, {@code 2001:db8::/32}); a bare
 * address is a network of that one address. Host bits below the prefix are ignored.
 */
public final class Cidr {

    // Only literals reach InetAddress: a host name there would be a DNS lookup.
    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
    private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*");
    private static final int MAPPED_PREFIX = 96;

    private final byte[] network;
    private final int prefix;
    private final String text;

    private Cidr(byte[] network, int prefix, String text) {
        this.network = network;
        this.prefix = prefix;
        this.text = text;
    }

    /** @throws IllegalArgumentException naming the entry, when it is not a network */
    public static Cidr parse(String cidr) {
        String trimmed = cidr.strip();
        int slash = trimmed.indexOf('/');
        String addressPart = slash < 0 ? trimmed : trimmed.substring(0, slash);
        InetAddress address = parseAddress(addressPart);
        if (address == null) {
            throw new IllegalArgumentException("not an IPv4 or IPv6 network: '" + trimmed + "'");
        }
        byte[] bytes = address.getAddress();
        int bits = bytes.length * 8;
        int prefix = bits;
        if (slash >= 0) {
            try {
                prefix = Integer.parseInt(trimmed.substring(slash + 1));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("not a prefix length: '" + trimmed + "'");
            }
            // ::ffff:a.b.c.d/104 is the IPv4 network a.b.c.d/8, which Java hands over as IPv4.
            if (address instanceof Inet4Address && addressPart.contains(":")) {
                prefix -= MAPPED_PREFIX;
            }
            if (prefix < 0 || prefix > bits) {
                throw new IllegalArgumentException("prefix length out of range (0 to " + bits + "): '" + trimmed + "'");
            }
        }
        return new Cidr(mask(bytes, prefix), prefix, trimmed);
    }

    /** A comma-separated list; blank or absent means none. */
    public static List<Cidr> parseList(String list) {
        List<Cidr> networks = new ArrayList<>();
        if (list != null) {
            for (String entry : list.split(",")) {
                if (!entry.isBlank()) {
                    networks.add(parse(entry));
                }
            }
        }
        return List.copyOf(networks);
    }

    /**
     * An IP literal as a servlet container reports a remote address ({@code 127.0.0.1},
     * {@code 0:0:0:0:0:0:0:1}, {@code [::1]}, {@code fe80::1%eth0}); null for anything else,
     * never a name lookup.
     */
    public static InetAddress parseAddress(String literal) {
        if (literal == null) {
            return null;
        }
        String address = literal.strip();
        if (address.startsWith("[") && address.endsWith("]")) {
            address = address.substring(1, address.length() - 1);
        }
        int zone = address.indexOf('%');
        if (zone >= 0) {
            address = address.substring(0, zone);
        }
        if (!IPV4.matcher(address).matches() && !IPV6.matcher(address).matches()) {
            return null;
        }
        try {
            return InetAddress.getByName(address);
        } catch (UnknownHostException e) {
            return null;
        }
    }

    /** Whether the address lies in this network; an IPv4 address is never in an IPv6 network, nor the reverse. */
    public boolean contains(InetAddress address) {
        byte[] bytes = address.getAddress();
        return bytes.length == network.length && java.util.Arrays.equals(mask(bytes, prefix), network);
    }

    private static byte[] mask(byte[] address, int prefix) {
        byte[] masked = address.clone();
        for (int i = 0; i < masked.length; i++) {
            int keep = Math.max(0, Math.min(8, prefix - i * 8));
            masked[i] &= (byte) (0xff << (8 - keep));
        }
        return masked;
    }

    @Override
    public String toString() {
        return text;
    }
}
