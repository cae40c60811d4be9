package org.irisimaging.identity.otp;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import static org.assertj.core.api.Assertions.assertThat;

/** The dev SMS provider never puts the code or the full number in INFO logs. */
class LoggingSmsProviderTest {

    @Test
    void infoSaysAMessageWentToAMaskedNumberAndOnlyDebugHasTheText() {
        List<LogRecord> records = new CopyOnWriteArrayList<>();
        Handler handler = new Handler() {
            @Override
            public void publish(LogRecord record) {
                records.add(record);
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        Logger logger = Logger.getLogger(LoggingSmsProvider.class.getName());
        Level previous = logger.getLevel();
        logger.addHandler(handler);
        logger.setLevel(Level.ALL);
        handler.setLevel(Level.ALL);
        try {
            new LoggingSmsProvider().send("+33612345678", "Code de connexion Iris : 482913");
        } finally {
            logger.removeHandler(handler);
            logger.setLevel(previous);
        }
        List<String> info = records.stream().filter(r -> r.getLevel().intValue() >= Level.INFO.intValue())
                .map(r -> format(r)).toList();
        List<String> debug = records.stream().filter(r -> r.getLevel().intValue() < Level.INFO.intValue())
                .map(r -> format(r)).toList();
        assertThat(info).hasSize(1);
        assertThat(info.getFirst()).contains("+33*******78").doesNotContain("482913").doesNotContain("612345678");
        assertThat(debug).anyMatch(m -> m.contains("482913"));
    }

    private static String format(LogRecord r) {
        String message = r.getMessage();
        Object[] params = r.getParameters();
        if (params != null && params.length > 0) {
            try {
                return String.format(message, params);
            } catch (RuntimeException e) {
                return java.text.MessageFormat.format(message, params);
            }
        }
        return message;
    }
}
