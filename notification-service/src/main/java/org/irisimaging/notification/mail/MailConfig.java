package org.irisimaging.notification.mail;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

/** E-mail delivery ({@code iris.mail.*}); the SMTP server itself is {@code quarkus.mailer.*}. */
@ConfigMapping(prefix = "iris.mail")
public interface MailConfig {

    /** {@code iris.mail.delivery-timeout}: longest wait for the mail server to take a message. Default {@code PT30S}. */
    @WithDefault("PT30S")
    Duration deliveryTimeout();
}
