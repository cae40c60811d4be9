package org.irisimaging.notification.mail;

import io.quarkus.mailer.Mail;
import io.quarkus.mailer.reactive.ReactiveMailer;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.impl.VertxInternal;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Hands e-mails to the SMTP server and waits until it took them. Every mail goes through the Vert.x
 * mail client on one event-loop context of its own, with a fresh connection each
 * ({@code quarkus.mailer.keep-alive=false}), never from the calling worker thread: the mail client
 * opening a connection from a worker thread can drop the server's greeting and wait forever (the
 * race identity-service's {@code EmailOtpSender} documents; seen here too, with the blocking
 * mailer called from a Kafka consumer).
 */
@ApplicationScoped
public class MailDelivery {

    private final ReactiveMailer mailer;
    private final Context mailContext;
    private final MailConfig config;

    MailDelivery(ReactiveMailer mailer, Vertx vertx, MailConfig config) {
        this.mailer = mailer;
        this.mailContext = ((VertxInternal) vertx).createEventLoopContext();
        this.config = config;
    }

    /**
     * Sends {@code mail}; returns once the server accepted it.
     *
     * @throws MailDeliveryException when it refused it, or did not answer within the delivery timeout
     */
    public void send(Mail mail) {
        CompletableFuture<Void> sent = new CompletableFuture<>();
        mailContext.runOnContext(ignored -> {
            try {
                mailer.send(mail).subscribe().with(ok -> sent.complete(null), sent::completeExceptionally);
            } catch (RuntimeException e) {
                sent.completeExceptionally(e);
            }
        });
        try {
            sent.get(config.deliveryTimeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new MailDeliveryException("the mail server refused the message", e.getCause());
        } catch (TimeoutException e) {
            throw new MailDeliveryException("the mail server did not take the message within "
                    + config.deliveryTimeout(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new MailDeliveryException("interrupted while handing a message over", e);
        }
    }

    /** An e-mail the mail server did not take. */
    public static class MailDeliveryException extends RuntimeException {
        MailDeliveryException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
