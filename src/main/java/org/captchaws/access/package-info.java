/**
 * The trust boundary in front of the WebSocket endpoint: who may open a connection (API keys,
 * or loopback only without them; allowed networks; browser origins), how many connections may
 * be open, decided on the handshake before any session exists; and the headers the public
 * files are served with.
 */
package org.captchaws.access;
