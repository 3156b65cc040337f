/**
 * Image captchas: the text, its rendering with a bundled font, PNG encoding, the salted file
 * names, and the images folder the container serves them from.
 */
package org.captchaws.image;
