/**
 * The wire protocol, the top floor: the request and reply envelopes of the seed service, their
 * JSON-B codecs (sharing the application's one {@code Jsonb}), the dispatcher that reads a
 * request's fields and calls one typed service method, and the WebSocket endpoint that ties
 * them to a connection. Only here is there JSON; the failures it answers with come from
 * {@code org.captchaws.failure}, except those only the decoder raises.
 */
package org.captchaws.protocol;
