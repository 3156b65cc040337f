/**
 * Image captchas: the text, its rendering with a bundled font, PNG encoding, the salted file
 * names, the images folder the container serves them from, and the image service that
 * generates captchas and verifies answers.
 */
package org.captchaws.image;
