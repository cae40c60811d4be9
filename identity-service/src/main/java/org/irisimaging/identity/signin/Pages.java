package org.irisimaging.identity.signin;

import io.quarkus.qute.Location;
import io.quarkus.qute.Template;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.NewCookie;
import jakarta.ws.rs.core.Response;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.ResourceBundle;

/**
 * The server-rendered pages of the sign-in (Qute templates, no external assets), in French by
 * default and in English when the browser prefers it (Accept-Language). Every page is sent with
 * headers that keep it out of caches and frames.
 */
@ApplicationScoped
public class Pages {

    public static final Locale FRENCH = Locale.FRENCH;

    private final Template signIn;
    private final Template otp;
    private final Template error;
    private final Template signedOut;
    private final Template logout;

    Pages(@Location("sign-in.html") Template signIn, @Location("otp.html") Template otp,
          @Location("error.html") Template error, @Location("signed-out.html") Template signedOut,
          @Location("logout.html") Template logout) {
        this.signIn = signIn;
        this.otp = otp;
        this.error = error;
        this.signedOut = signedOut;
        this.logout = logout;
    }

    /** French unless the first of the browser's languages that we have is English. */
    public static Locale locale(HttpHeaders headers) {
        if (headers != null) {
            for (Locale candidate : headers.getAcceptableLanguages()) {
                String language = candidate.getLanguage();
                if ("fr".equals(language)) {
                    return FRENCH;
                }
                if ("en".equals(language)) {
                    return Locale.ENGLISH;
                }
            }
        }
        return FRENCH;
    }

    /** French unless the first language of an Accept-Language header that we have is English. */
    public static Locale locale(String acceptLanguage) {
        if (acceptLanguage != null) {
            try {
                for (Locale.LanguageRange range : Locale.LanguageRange.parse(acceptLanguage)) {
                    String language = range.getRange().split("-")[0];
                    if ("fr".equals(language)) {
                        return FRENCH;
                    }
                    if ("en".equals(language)) {
                        return Locale.ENGLISH;
                    }
                }
            } catch (IllegalArgumentException e) {
                return FRENCH;
            }
        }
        return FRENCH;
    }

    /**
     * The other ways to sign in shown under the password form: {@code cardUrl} (the CPS card on the
     * TLS listener) and {@code federationName} (the upstream provider), each null when not offered.
     */
    public record Alternatives(String cardUrl, String federationName) {
        public static final Alternatives NONE = new Alternatives(null, null);
    }

    /** The password form; {@code messageKey} is an error or notice to show, or null. */
    public Response signIn(Locale locale, String csrf, String username, String messageKey, Alternatives alternatives,
                           NewCookie... cookies) {
        Map<String, Object> data = new HashMap<>();
        data.put("csrf", csrf);
        data.put("username", username == null ? "" : username);
        data.put("message", messageKey == null ? "" : texts(locale).get(messageKey));
        data.put("cardUrl", alternatives.cardUrl() == null ? "" : alternatives.cardUrl());
        data.put("federationName", alternatives.federationName() == null ? "" : alternatives.federationName());
        return page(200, signIn, locale, data, cookies);
    }

    /** The one-time code form. */
    public Response otp(Locale locale, String csrf, String destination, String messageKey) {
        return page(200, otp, locale, Map.of("csrf", csrf, "destination", destination,
                "message", messageKey == null ? "" : texts(locale).get(messageKey)));
    }

    /** The message of a request whose form or query cannot be decoded. */
    public static final String MALFORMED_REQUEST = "errorMalformedRequest";

    /** An error page: nothing is redirected anywhere. */
    public Response error(int status, Locale locale, String messageKey) {
        return page(status, error, locale, Map.of("message", texts(locale).get(messageKey)));
    }

    public Response signedOut(Locale locale, NewCookie... cookies) {
        return page(200, signedOut, locale, Map.of(), cookies);
    }

    /** Asks the person to confirm the logout (a request without a valid id_token_hint). */
    public Response confirmLogout(Locale locale, String csrf, Map<String, String> hidden) {
        return page(200, logout, locale, Map.of("csrf", csrf, "hidden", hidden));
    }

    private Response page(int status, Template template, Locale locale, Map<String, Object> data,
                          NewCookie... cookies) {
        Map<String, Object> all = new HashMap<>(data);
        all.put("t", texts(locale));
        all.put("lang", locale.getLanguage());
        String html = template.data(all).render();
        return Response.status(status)
                .type(MediaType.TEXT_HTML_TYPE.withCharset("UTF-8"))
                .entity(html)
                .cookie(cookies)
                .header("Cache-Control", "no-store")
                .header("Pragma", "no-cache")
                .header("X-Frame-Options", "DENY")
                .header("X-Content-Type-Options", "nosniff")
                // same-origin, not no-referrer: with no-referrer a browser's form POST carries
                // "Origin: null", which the public origin's CORS filter refuses (403)
                .header("Referrer-Policy", "same-origin")
                // No form-action: browsers apply it to the redirect to the client after the form.
                .header("Content-Security-Policy",
                        "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'; base-uri 'none'")
                .build();
    }

    static Map<String, String> texts(Locale locale) {
        ResourceBundle bundle = ResourceBundle.getBundle("i18n/pages", locale,
                ResourceBundle.Control.getNoFallbackControl(ResourceBundle.Control.FORMAT_PROPERTIES));
        Map<String, String> texts = new HashMap<>();
        bundle.keySet().forEach(k -> texts.put(k, bundle.getString(k)));
        return texts;
    }
}
