package org.irisimaging.identity.otp;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import org.irisimaging.identity.IdentityConfig;

/** Selects the SMS provider named by {@code iris.identity.otp.sms-provider}. */
@ApplicationScoped
public class SmsProviders {

    @Produces
    @ApplicationScoped
    SmsProvider provider(IdentityConfig config) {
        return switch (config.otp().smsProvider()) {
            case "none" -> SmsProvider.NONE;
            case LoggingSmsProvider.NAME -> new LoggingSmsProvider();
            default -> throw new IllegalStateException("Unknown iris.identity.otp.sms-provider '"
                    + config.otp().smsProvider() + "' (known: none, logging)");
        };
    }
}
