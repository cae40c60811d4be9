package org.irisimaging.identity.otp;

import org.irisimaging.identity.account.Account;

import java.util.Locale;

/**
 * Delivers a one-time code to the account holder. Codes are sent directly by identity-service (not
 * through notification-service): sign-in latency and the secrecy of the code matter more than a
 * single notification pipeline (docs/adr/0011-sign-in-and-oidc-provider.md).
 */
public interface OtpSender {

    Account.OtpChannel channel();

    /** Whether this channel can deliver at all (e.g. an SMS provider is configured). */
    boolean available();

    /** Whether {@code account} has a destination on this channel. */
    boolean canReach(Account account);

    /** The destination shown on the code page, mostly hidden (c***@example.org, +33 6** ** ** 78). */
    String maskedDestination(Account account);

    /** Sends {@code code}; throws {@link OtpDeliveryException} when it could not be handed over. */
    void send(Account account, String code, Locale locale);

    /** A code that could not be handed over to the mail server or SMS provider. */
    class OtpDeliveryException extends RuntimeException {
        public OtpDeliveryException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
