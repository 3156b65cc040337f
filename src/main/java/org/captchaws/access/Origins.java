package org.captchaws.access;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;

/**
 * Which browser origins may open a connection: the service's own, and those listed. Browsers
 * send {@code Origin} with every WebSocket handshake (and scripts cannot change it); backends
 * send none, and are not asked for one.
 */
public final class Origins {

    private final Set<String> allowed;

    private Origins(Set<String> allowed) {
        this.allowed = allowed;
    }

    /**
     * A comma-separated list of origins ({@code https://shop.example.com}, a port where it is
     * not the scheme's default); blank or absent means only the service's own origin.
     *
     * @throws IllegalArgumentException naming an entry that is not an origin
     */
    public static Origins parse(String list) {
        Set<String> allowed = new HashSet<>();
        if (list != null) {
            for (String entry : list.split(",")) {
                if (entry.isBlank()) {
                    continue;
                }
                String origin = normalize(entry.strip());
                if (origin == null) {
                    throw new IllegalArgumentException("captcha.auth.allowed-origins: not an origin (scheme://host[:port]): '"
                            + entry.strip() + "'");
                }
                allowed.add(origin);
            }
        }
        return new Origins(Set.copyOf(allowed));
    }

    /**
     * Whether a handshake with this {@code Origin} header may proceed: none at all (not a
     * browser), the origin of the request itself (the page beside the endpoint), or a listed one.
     *
     * @param ownOrigin the request's scheme, host and port, as {@link #of} makes it
     */
    public boolean allows(String origin, String ownOrigin) {
        if (origin == null) {
            return true;
        }
        String normalized = normalize(origin.strip());
        return normalized != null && (normalized.equals(normalize(ownOrigin)) || allowed.contains(normalized));
    }

    /** The origin of a request with this scheme ({@code http}, {@code https}) and {@code Host} header. */
    public static String of(String scheme, String host) {
        return scheme + "://" + host;
    }

    /**
     * {@code scheme://host[:port]} in lower case, without the scheme's default port; null for
     * anything else (a path, user info, an opaque origin such as {@code null}).
     */
    static String normalize(String origin) {
        if (origin == null) {
            return null;
        }
        try {
            URI uri = new URI(origin);
            String scheme = uri.getScheme();
            String host = uri.getHost();
            if (scheme == null || host == null || uri.getRawUserInfo() != null
                    || !(uri.getRawPath() == null || uri.getRawPath().isEmpty())
                    || uri.getRawQuery() != null || uri.getRawFragment() != null) {
                return null;
            }
            scheme = scheme.toLowerCase(Locale.ROOT);
            int port = uri.getPort();
            boolean defaultPort = port == -1
                    || (port == 80 && (scheme.equals("http") || scheme.equals("ws")))
                    || (port == 443 && (scheme.equals("https") || scheme.equals("wss")));
            return scheme + "://" + host.toLowerCase(Locale.ROOT) + (defaultPort ? "" : ":" + port);
        } catch (URISyntaxException e) {
            return null;
        }
    }
}
