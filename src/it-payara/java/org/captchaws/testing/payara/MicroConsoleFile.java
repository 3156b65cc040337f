package org.captchaws.testing.payara;

import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;

/**
 * Payara's connector prints each Micro's console (its log) line by line to {@code System.out}
 * of the test JVM. This copies {@code System.out} to the file named by {@code it.server-log}
 * as well, so tests can read the servers' log as they read WildFly's {@code server.log}.
 */
final class MicroConsoleFile {

    private static boolean installed;

    private MicroConsoleFile() {
    }

    static synchronized void install() {
        String file = System.getProperty("it.server-log");
        if (installed || file == null) {
            return;
        }
        try {
            OutputStream copy = new FileOutputStream(Path.of(file).toFile(), false);
            PrintStream console = System.out;
            System.setOut(new PrintStream(new OutputStream() {
                @Override
                public void write(int b) throws IOException {
                    console.write(b);
                    copy.write(b);
                }

                @Override
                public void write(byte[] bytes, int offset, int length) throws IOException {
                    console.write(bytes, offset, length);
                    copy.write(bytes, offset, length);
                }

                @Override
                public void flush() throws IOException {
                    console.flush();
                    copy.flush();
                }
            }, true));
            installed = true;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
