package org.captchaws.access;

import org.captchaws.testing.ItKeys;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.captchaws.access.HandshakeRulesTest.base64url;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * After the whole suite (pom.xml runs it in a failsafe execution of its own, once every other
 * integration test has finished): the test servers ran with the suite-wide keys, and neither
 * of them, in a header or as the page's subprotocol, is in any server log. No server of its
 * own: it reads what the suite's servers left (WildFly's server.log, the CLI-script server's
 * log, or the Micros' console copied to target/payara-micro.log).
 */
class NoKeyInTheServerLogsIT {

    @Test
    void theSuiteKeysAreNamedByFingerprintOnlyInEveryServerLog() throws IOException {
        List<Path> logs = new ArrayList<>(List.of(Path.of(System.getProperty("it.server-log"))));
        String cliServer = System.getProperty("it.cli-server");
        if (cliServer != null && Files.exists(Path.of(cliServer, "standalone/log/server.log"))) {
            logs.add(Path.of(cliServer, "standalone/log/server.log"));
        }
        String text = String.join("\n", readAll(logs));

        for (String key : List.of(ItKeys.first(), ItKeys.second())) {
            String fingerprint = ApiKeys.parse(key).fingerprints().get(0);
            assertTrue(text.contains(fingerprint), "no server of the suite logged key fingerprint " + fingerprint
                    + ": did they run with the suite's keys, and are " + logs + " their logs?");
            assertFalse(text.contains(key), "a suite key in " + logs);
            assertFalse(text.contains(base64url(key)), "a suite key, as the page sends it, in " + logs);
        }
    }

    private static List<String> readAll(List<Path> logs) throws IOException {
        List<String> texts = new ArrayList<>();
        for (Path log : logs) {
            texts.add(new String(Files.readAllBytes(log), StandardCharsets.UTF_8));
        }
        return texts;
    }
}
