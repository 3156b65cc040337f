package org.captchaws.sms;

import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Development stand-in that sends nothing and writes the code to the log instead, so a developer
 * can complete the flow without an SMS account. Logged at WARNING so it cannot go unnoticed if it
 * is ever switched on in production.
 */
public final class LogSmsSender implements SmsSender {

    private static final Logger LOG = Logger.getLogger(LogSmsSender.class.getName());

    @Override
    public void send(String e164Phone, String code) {
        LOG.log(Level.WARNING, "[DEVELOPMENT SMS PROVIDER: nothing sent] code {0} for {1}",
                new Object[] {code, PhoneNumbers.mask(e164Phone)});
    }
}
