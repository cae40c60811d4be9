package org.irisimaging.identity.otp;

import io.quarkus.mailer.Mail;
import io.quarkus.mailer.reactive.ReactiveMailer;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.impl.VertxInternal;
import jakarta.enterprise.context.ApplicationScoped;
import org.irisimaging.identity.IdentityConfig;
import org.irisimaging.identity.account.Account;

import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One-time codes by e-mail, through the platform's SMTP server (quarkus-mailer).
 *
 * <p>Every mail is handed to the Vert.x mail client on <em>one</em> event-loop context of its own,
 * never from the calling worker thread, and each mail uses a fresh SMTP connection
 * ({@code quarkus.mailer.keep-alive=false}). The reason: when the mail client opens a connection
 * for a caller on a worker thread, that thread runs the connection pool's bookkeeping; if it is
 * descheduled there while the connection completes, the hand-over to the SMTP dialogue is queued
 * behind it and the server's greeting, read meanwhile by the event loop, is dropped (a Vert.x
 * socket without a handler discards what it reads). The client then waits forever for a greeting
 * that already came, the server for a command: the sign-in request hung until the mailer's
 * timeout. On a single event loop every pool action runs on the thread that also reads the
 * socket, so the dialogue is in place before the first byte is read; without pooled connections
 * the pool has no cleaner timer running on another event loop either. The wait for the mail
 * server is bounded by {@code iris.identity.otp.delivery-timeout}.
 */
@ApplicationScoped
public class EmailOtpSender implements OtpSender {

    private final ReactiveMailer mailer;
    private final OtpMessages messages;
    private final Context mailContext;
    private final Duration timeout;

    EmailOtpSender(ReactiveMailer mailer, OtpMessages messages, Vertx vertx, IdentityConfig config) {
        this.mailer = mailer;
        this.messages = messages;
        this.mailContext = ((VertxInternal) vertx).createEventLoopContext();
        this.timeout = config.otp().deliveryTimeout();
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
        Mail mail = Mail.withText(account.email, messages.subject(locale), messages.body(locale, code));
        CompletableFuture<Void> sent = new CompletableFuture<>();
        mailContext.runOnContext(ignored -> {
            try {
                mailer.send(mail).subscribe().with(ok -> sent.complete(null), sent::completeExceptionally);
            } catch (RuntimeException e) {
                sent.completeExceptionally(e);
            }
        });
        try {
            sent.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new OtpDeliveryException("The one-time code e-mail could not be handed to the mail server",
                    e.getCause());
        } catch (TimeoutException e) {
            throw new OtpDeliveryException("The mail server did not take the one-time code e-mail within "
                    + timeout, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new OtpDeliveryException("Interrupted while handing the one-time code e-mail over", e);
        }
    }
}
