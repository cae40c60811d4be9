package org.irisimaging.identity.otp;

import jakarta.enterprise.context.ApplicationScoped;
import org.irisimaging.identity.account.Account;

import java.util.Locale;

/** One-time codes by SMS, through the configured {@link SmsProvider}. */
@ApplicationScoped
public class SmsOtpSender implements OtpSender {

    private final SmsProvider provider;
    private final OtpMessages messages;

    SmsOtpSender(SmsProvider provider, OtpMessages messages) {
        this.provider = provider;
        this.messages = messages;
    }

    @Override
    public Account.OtpChannel channel() {
        return Account.OtpChannel.SMS;
    }

    @Override
    public boolean available() {
        return provider.enabled();
    }

    @Override
    public boolean canReach(Account account) {
        return account.phone != null && !account.phone.isBlank();
    }

    @Override
    public String maskedDestination(Account account) {
        return Masking.phone(account.phone);
    }

    @Override
    public void send(Account account, String code, Locale locale) {
        try {
            provider.send(account.phone, messages.sms(locale, code));
        } catch (RuntimeException e) {
            throw new OtpDeliveryException("The one-time code SMS could not be handed to the provider", e);
        }
    }
}
