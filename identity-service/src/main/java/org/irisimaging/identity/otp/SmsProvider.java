package org.irisimaging.identity.otp;

/**
 * An SMS gateway. The platform ships only {@link LoggingSmsProvider} (dev); a production provider
 * implements this interface and is selected with {@code iris.identity.otp.sms-provider}.
 */
public interface SmsProvider {

    /** The provider's name as configured. */
    String name();

    /** Whether SMS can be sent at all ({@code none} cannot). */
    boolean enabled();

    /** Sends {@code text} to {@code phoneNumber} (international form); throws when the provider refuses. */
    void send(String phoneNumber, String text);

    /** No SMS provider: the SMS channel is unavailable. */
    SmsProvider NONE = new SmsProvider() {
        @Override
        public String name() {
            return "none";
        }

        @Override
        public boolean enabled() {
            return false;
        }

        @Override
        public void send(String phoneNumber, String text) {
            throw new IllegalStateException("No SMS provider is configured (iris.identity.otp.sms-provider)");
        }
    };
}
