package org.irisimaging.identity.otp;

import io.quarkus.mailer.Mail;
import io.quarkus.mailer.Mailer;
import jakarta.enterprise.context.ApplicationScoped;
import org.irisimaging.identity.account.Account;

import java.util.Locale;

/** One-time codes by e-mail, through the platform's SMTP server (quarkus-mailer). */
@ApplicationScoped
public class EmailOtpSender implements OtpSender {

    private final Mailer mailer;
    private final OtpMessages messages;

    EmailOtpSender(Mailer mailer, OtpMessages messages) {
        this.mailer = mailer;
        this.messages = messages;
    }

    @Override
    public Account.OtpChannel channel() {
        return Account.OtpChannel.EMAIL;
    }

    @Override
    public boolean available() {
        return true;
    }

    @Override
    public boolean canReach(Account account) {
        return account.email != null && !account.email.isBlank();
    }

    @Override
    public String maskedDestination(Account account) {
        return Masking.email(account.email);
    }

    @Override
    public void send(Account account, String code, Locale locale) {
        try {
            mailer.send(Mail.withText(account.email, messages.subject(locale), messages.body(locale, code)));
        } catch (RuntimeException e) {
            throw new OtpDeliveryException("The one-time code e-mail could not be handed to the mail server", e);
        }
    }
}
