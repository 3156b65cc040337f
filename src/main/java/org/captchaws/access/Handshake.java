package org.captchaws.access;

import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Locale;

/**
 * What the rules look at in a WebSocket handshake request.
 *
 * @param remote        the peer's address (a reverse proxy's, behind one); null if unreadable
 * @param origin        the {@code Origin} header, or null
 * @param ownOrigin     the request's own scheme, host and port ({@link Origins#of})
 * @param authorization the {@code Authorization} header, or null
 * @param subprotocols  the offered subprotocols ({@code Sec-WebSocket-Protocol}), in order
 * @param forwarded     whether the request carries {@code Forwarded}, {@code X-Forwarded-For} or
 *                      {@code X-Real-IP}: it came through a proxy, whatever the peer's address
 */
public record Handshake(InetAddress remote, String origin, String ownOrigin, String authorization,
                        List<String> subprotocols, boolean forwarded) {

    /** The subprotocol that carries a browser's key: browsers cannot set Authorization on a WebSocket. */
    public static final String KEY_SUBPROTOCOL_PREFIX = "bearer.";
    private static final String BEARER = "bearer ";

    /**
     * The key presented: {@code Authorization: Bearer <key>}, or else a subprotocol
     * {@code bearer.<key as unpadded base64url>}; null when there is none or it is unreadable.
     */
    public String presentedKey() {
        if (authorization != null) {
            String value = authorization.strip();
            return value.toLowerCase(Locale.ROOT).startsWith(BEARER) ? value.substring(BEARER.length()).strip() : null;
        }
        for (String protocol : subprotocols) {
            if (protocol.startsWith(KEY_SUBPROTOCOL_PREFIX)) {
                try {
                    byte[] key = Base64.getUrlDecoder().decode(protocol.substring(KEY_SUBPROTOCOL_PREFIX.length()));
                    return new String(key, StandardCharsets.UTF_8);
                } catch (IllegalArgumentException notBase64) {
                    return null;
                }
            }
        }
        return null;
    }
}
