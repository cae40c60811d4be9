package org.irisimaging.identity.otp;

import jakarta.enterprise.context.ApplicationScoped;
import org.irisimaging.identity.IdentityConfig;

import java.util.Locale;

/** The text of the one-time code messages, French by default, English on request. */
@ApplicationScoped
public class OtpMessages {

    private final long minutes;

    OtpMessages(IdentityConfig config) {
        this.minutes = Math.max(1, config.otp().lifetime().toMinutes());
    }

    public String subject(Locale locale) {
        return english(locale) ? "Your Iris sign-in code" : "Votre code de connexion Iris";
    }

    public String body(Locale locale, String code) {
        if (english(locale)) {
            return "Your sign-in code is " + code + ". It is valid for " + minutes + " minutes.\n"
                    + "If you did not try to sign in, ignore this message and tell your administrator.";
        }
        return "Votre code de connexion est " + code + ". Il est valable " + minutes + " minutes.\n"
                + "Si vous n'avez pas demandé à vous connecter, ignorez ce message et prévenez votre administrateur.";
    }

    /** The short SMS text. */
    public String sms(Locale locale, String code) {
        return english(locale)
                ? "Iris sign-in code: " + code + " (valid " + minutes + " min)"
                : "Code de connexion Iris : " + code + " (valable " + minutes + " min)";
    }

    private static boolean english(Locale locale) {
        return locale != null && "en".equals(locale.getLanguage());
    }
}
