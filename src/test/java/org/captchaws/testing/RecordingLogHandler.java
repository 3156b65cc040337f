package org.captchaws.testing;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * Keeps what a logger (and its children) published while attached, so tests can read the log.
 */
public final class RecordingLogHandler extends Handler implements AutoCloseable {

    private final Logger logger;
    private final List<LogRecord> records = new CopyOnWriteArrayList<>();

    private RecordingLogHandler(Logger logger) {
        this.logger = logger;
    }

    public static RecordingLogHandler attachTo(Logger logger) {
        RecordingLogHandler handler = new RecordingLogHandler(logger);
        logger.addHandler(handler);
        return handler;
    }

    public List<LogRecord> records() {
        return List.copyOf(records);
    }

    @Override
    public void publish(LogRecord record) {
        records.add(record);
    }

    @Override
    public void flush() {
    }

    @Override
    public void close() {
        logger.removeHandler(this);
    }
}
