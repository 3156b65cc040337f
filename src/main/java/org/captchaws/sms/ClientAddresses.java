package org.captchaws.sms;

import java.util.Optional;

/**
 * The end user's address as a backend names it ({@code data.client_ip}), turned into the key
 * the per-address SMS limit counts under.
 *
 * <p>Only IP literals are accepted, parsed here character by character: nothing is ever looked
 * up (a name handed to {@code InetAddress.getByName} would go to DNS). One address has one key
 * however it is spelt, so spellings cannot walk around the limit: IPv4 in dotted decimal (no
 * leading zeros, which some parsers read as octal), an IPv4-mapped IPv6 address as the IPv4 it
 * carries, and any other IPv6 address as its /64 in RFC 5952 form ({@code 2001:db8:1:2::/64}):
 * one subscriber is given a whole /64 and may use any address in it (privacy extensions pick a
 * new one every day), so counting single IPv6 addresses would count nothing.
 */
public final class ClientAddresses {

    /** The longest IPv6 text form: eight groups of four with the last two as dotted IPv4. */
    private static final int MAX_LENGTH = 45;
    private static final int GROUPS = 8;

    private ClientAddresses() {
    }

    /** The limit key of an IPv4 or IPv6 literal; empty for anything else, names and zone ids included. */
    public static Optional<String> limitKey(String literal) {
        if (literal.length() > MAX_LENGTH) {
            return Optional.empty();
        }
        if (literal.indexOf(':') < 0) {
            return ipv4(literal).map(ClientAddresses::dotted);
        }
        return ipv6(literal).map(groups -> isIpv4Mapped(groups)
                ? dotted(new int[]{groups[6] >> 8, groups[6] & 0xff, groups[7] >> 8, groups[7] & 0xff})
                : slash64(groups));
    }

    /** Four decimal octets, each 0 to 255 without leading zeros. */
    private static Optional<int[]> ipv4(String text) {
        String[] parts = text.split("\\.", -1);
        if (parts.length != 4) {
            return Optional.empty();
        }
        int[] octets = new int[4];
        for (int i = 0; i < 4; i++) {
            String part = parts[i];
            if (part.isEmpty() || part.length() > 3 || (part.length() > 1 && part.charAt(0) == '0')
                    || !part.chars().allMatch(c -> c >= '0' && c <= '9')) {
                return Optional.empty();
            }
            octets[i] = Integer.parseInt(part);
            if (octets[i] > 255) {
                return Optional.empty();
            }
        }
        return Optional.of(octets);
    }

    /** RFC 4291's text forms: eight groups, at most one "::" for a run of zero groups, a dotted IPv4 tail. */
    private static Optional<int[]> ipv6(String text) {
        int gap = text.indexOf("::");
        if (gap >= 0 && text.indexOf("::", gap + 1) >= 0) {
            return Optional.empty();
        }
        // A dotted IPv4 is only ever the address's last 32 bits.
        Optional<int[]> head = gap < 0 ? groups(text, true) : groups(text.substring(0, gap), false);
        Optional<int[]> tail = gap < 0 ? Optional.of(new int[0]) : groups(text.substring(gap + 2), true);
        if (head.isEmpty() || tail.isEmpty()) {
            return Optional.empty();
        }
        int given = head.get().length + tail.get().length;
        if (gap < 0 ? given != GROUPS : given >= GROUPS) {
            return Optional.empty();
        }
        int[] address = new int[GROUPS];
        System.arraycopy(head.get(), 0, address, 0, head.get().length);
        System.arraycopy(tail.get(), 0, address, GROUPS - tail.get().length, tail.get().length);
        return Optional.of(address);
    }

    /** Colon-separated groups of one to four hex digits; the last may be a dotted IPv4 (two groups) if allowed. */
    private static Optional<int[]> groups(String text, boolean ipv4TailAllowed) {
        if (text.isEmpty()) {
            return Optional.of(new int[0]);
        }
        String[] parts = text.split(":", -1);
        String last = parts[parts.length - 1];
        boolean ipv4Tail = last.indexOf('.') >= 0;
        if (ipv4Tail && !ipv4TailAllowed) {
            return Optional.empty();
        }
        int[] groups = new int[parts.length + (ipv4Tail ? 1 : 0)];
        for (int i = 0; i < parts.length - (ipv4Tail ? 1 : 0); i++) {
            String part = parts[i];
            if (part.isEmpty() || part.length() > 4 || !part.chars().allMatch(ClientAddresses::isHexDigit)) {
                return Optional.empty();
            }
            groups[i] = Integer.parseInt(part, 16);
        }
        if (ipv4Tail) {
            Optional<int[]> octets = ipv4(last);
            if (octets.isEmpty()) {
                return Optional.empty();
            }
            int[] o = octets.get();
            groups[parts.length - 1] = o[0] << 8 | o[1];
            groups[parts.length] = o[2] << 8 | o[3];
        }
        return Optional.of(groups);
    }

    private static boolean isHexDigit(int c) {
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    }

    /** {@code ::ffff:a.b.c.d}: how a dual-stack socket shows an IPv4 client. */
    private static boolean isIpv4Mapped(int[] groups) {
        for (int i = 0; i < 5; i++) {
            if (groups[i] != 0) {
                return false;
            }
        }
        return groups[5] == 0xffff;
    }

    private static String dotted(int[] octets) {
        return octets[0] + "." + octets[1] + "." + octets[2] + "." + octets[3];
    }

    /**
     * The /64 the address is in, in RFC 5952 form: lowercase, no leading zeros, the longest zero
     * run as "::". The host half is zero, so that run is always the one that ends the address
     * (at least four groups; a run within the network half has at most three).
     */
    private static String slash64(int[] address) {
        int networkEnd = GROUPS / 2;
        while (networkEnd > 0 && address[networkEnd - 1] == 0) {
            networkEnd--;
        }
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < networkEnd; i++) {
            text.append(i == 0 ? "" : ":").append(Integer.toHexString(address[i]));
        }
        return text.append("::/64").toString();
    }
}
