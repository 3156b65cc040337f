/**
 * The generator benchmark of the {@code bench} profile (BENCHMARKS.md, "Generator"): JMH timings of
 * this project's image captcha beside Kaptcha, EasyCaptcha and Hutool, their PNG sizes, Tesseract's
 * solve rate on each, and the samples shown in BENCHMARKS.md. Not part of {@code mvn verify}.
 */
package org.captchaws.bench;
