package org.irisimaging.identity.otp;

import org.jboss.logging.Logger;

/**
 * Dev only: "sends" SMS to the log. At INFO it says that a message went to a masked number; the
 * text itself (which holds the code) is logged only at DEBUG. The prod profile refuses it.
 */
public class LoggingSmsProvider implements SmsProvider {

    public static final String NAME = "logging";

    private static final Logger LOG = Logger.getLogger(LoggingSmsProvider.class);

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public boolean enabled() {
        return true;
    }

    @Override
    public void send(String phoneNumber, String text) {
        LOG.infof("SMS sent to %s (logging provider, dev only)", Masking.phone(phoneNumber));
        LOG.debugf("SMS text for %s: %s", Masking.phone(phoneNumber), text);
    }
}
