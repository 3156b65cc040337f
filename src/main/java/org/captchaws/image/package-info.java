/**
 * Image captchas: what each kind asks (text, a math question, Chinese characters, an
 * animation), its rendering with bundled fonts, PNG and GIF encoding, the salted file names,
 * the images folder the container serves them from, and the image service that generates
 * captchas and verifies answers.
 */
package org.captchaws.image;
