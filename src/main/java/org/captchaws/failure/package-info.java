/**
 * The ground floor: the failure vocabulary every other package speaks. {@link
 * org.captchaws.failure.ErrorCode} is the one table of integer codes a failure reply can carry,
 * and {@link org.captchaws.failure.CaptchaException} the one exception that carries one. It
 * imports nothing of the service, so features and the wire protocol can all depend on it.
 */
package org.captchaws.failure;
