/**
 * The wire protocol: the request and reply envelopes of the seed service, their JSON-B
 * codecs, the error codes, the dispatcher that routes a request to one operation, and the
 * WebSocket endpoint that ties them to a connection.
 */
package org.captchaws.protocol;
