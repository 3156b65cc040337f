package org.captchaws.sms;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;
import org.captchaws.testing.RecordingLogHandler;
import org.junit.jupiter.api.Test;

class LogSmsSenderTest {

    @Test
    void logsTheCodeAtWarningWithAMaskedNumber() {
        List<LogRecord> records;
        try (RecordingLogHandler log = RecordingLogHandler.attachTo(Logger.getLogger(LogSmsSender.class.getName()))) {
            new LogSmsSender().send("+8613711112222", "1234");
            records = log.records();
        }

        assertEquals(1, records.size());
        assertEquals(Level.WARNING, records.get(0).getLevel());
        assertEquals("[DEVELOPMENT SMS PROVIDER: nothing sent] code 1234 for +86137****2222",
                new SimpleFormatter().formatMessage(records.get(0)));
    }
}
