package org.captchaws.access;

import java.util.List;

/**
 * The trust boundary, decided on the handshake alone: network first, then origin, then the key
 * (or, with no keys configured, loopback only). Nothing here depends on the server.
 */
public final class HandshakeRules {

    private final ApiKeys keys;
    private final List<Cidr> networks;
    private final Origins origins;

    /** @param networks the allowed networks; empty means any */
    public HandshakeRules(ApiKeys keys, List<Cidr> networks, Origins origins) {
        this.keys = keys;
        this.networks = List.copyOf(networks);
        this.origins = origins;
    }

    public Verdict check(Handshake handshake) {
        if (!networks.isEmpty()
                && (handshake.remote() == null || networks.stream().noneMatch(n -> n.contains(handshake.remote())))) {
            return Verdict.NETWORK_NOT_ALLOWED;
        }
        if (!origins.allows(handshake.origin(), handshake.ownOrigin())) {
            return Verdict.ORIGIN_NOT_ALLOWED;
        }
        if (keys.isEmpty()) {
            // A proxy on this host makes every client look local: forwarded requests are not.
            boolean local = handshake.remote() != null && handshake.remote().isLoopbackAddress() && !handshake.forwarded();
            return local ? Verdict.ALLOWED : Verdict.NOT_LOOPBACK;
        }
        return keys.matches(handshake.presentedKey()) ? Verdict.ALLOWED : Verdict.NO_VALID_KEY;
    }
}
