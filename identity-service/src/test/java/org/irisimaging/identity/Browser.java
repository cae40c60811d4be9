package org.irisimaging.identity;

import com.nimbusds.oauth2.sdk.pkce.CodeChallenge;
import com.nimbusds.oauth2.sdk.pkce.CodeChallengeMethod;
import com.nimbusds.oauth2.sdk.pkce.CodeVerifier;
import com.nimbusds.oauth2.sdk.util.URLUtils;
import io.restassured.http.Cookie;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import jakarta.mail.internet.MimeMessage;
import org.irisimaging.testsupport.SmtpSinkResource;

import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A browser for the sign-in pages: keeps the session cookie, never follows redirects (tests look
 * at every Location), fills the forms with their CSRF token, and reads one-time codes from the
 * SMTP sink like the person would from their mailbox.
 */
public class Browser {

    public static final String COOKIE = "iris_session";
    public static final String VIEWER = "iris-viewer";
    public static final String VIEWER_CALLBACK = "http://localhost:3000/callback";
    /** The portal (a public client too), as registered on the embedded run. */
    public static final String PORTAL = "iris-portal";
    public static final String PORTAL_CALLBACK = "http://localhost:8080/portal/callback.html";

    private static final Pattern CSRF = Pattern.compile("name=\"csrf\" value=\"([^\"]+)\"");
    private static final Pattern CODE = Pattern.compile("\\b(\\d{6})\\b");

    private String cookie;
    private String language = "fr";
    private String userAgent;

    /** Sends this User-Agent header on every request. */
    public Browser userAgent(String value) {
        userAgent = value;
        return this;
    }

    public Browser english() {
        language = "en";
        return this;
    }

    public String cookie() {
        return cookie;
    }

    public void cookie(String value) {
        cookie = value;
    }

    public Response get(String url) {
        return remember(spec().get(url));
    }

    public Response get(String path, Map<String, ?> query) {
        return remember(spec().queryParams(query).get(path));
    }

    public Response post(String path, Map<String, String> form) {
        return remember(spec().contentType("application/x-www-form-urlencoded; charset=UTF-8").formParams(form).post(path));
    }

    /** Posts {@code body} as it is, without encoding it (hostile input). */
    public Response postRaw(String path, String body) {
        return remember(spec().urlEncodingEnabled(false).contentType("application/x-www-form-urlencoded")
                .body(body).post(path));
    }

    private RequestSpecification spec() {
        RequestSpecification spec = given().redirects().follow(false).header("Accept-Language", language);
        if (userAgent != null) {
            spec = spec.header("User-Agent", userAgent);
        }
        return cookie == null ? spec : spec.cookie(COOKIE, cookie);
    }

    private Response remember(Response response) {
        Cookie set = response.getDetailedCookie(COOKIE);
        if (set != null) {
            cookie = set.getMaxAge() == 0 || set.getValue().isEmpty() ? null : set.getValue();
        }
        return response;
    }

    /** A PKCE pair (RFC 7636): the verifier and its S256 challenge. */
    public record Pkce(String verifier, String challenge) {
        public static Pkce create() {
            CodeVerifier verifier = new CodeVerifier();
            return new Pkce(verifier.getValue(), CodeChallenge.compute(CodeChallengeMethod.S256, verifier).getValue());
        }
    }

    /** Parameters of a correct authorization request of the viewer. */
    public static Map<String, String> authorization(Pkce pkce, String state) {
        return authorization(pkce, state, VIEWER, VIEWER_CALLBACK);
    }

    /** Parameters of a correct authorization request of {@code clientId}. */
    public static Map<String, String> authorization(Pkce pkce, String state, String clientId, String redirectUri) {
        Map<String, String> params = new LinkedHashMap<>();
        params.put("response_type", "code");
        params.put("client_id", clientId);
        params.put("redirect_uri", redirectUri);
        params.put("scope", "openid profile");
        params.put("state", state);
        params.put("nonce", "n-" + state);
        params.put("code_challenge", pkce.challenge());
        params.put("code_challenge_method", "S256");
        return params;
    }

    /** The viewer redeems {@code code} at the token endpoint. */
    public static Response exchange(String code, Pkce pkce) {
        return exchange(code, pkce, VIEWER, VIEWER_CALLBACK);
    }

    /** The public client {@code clientId} redeems {@code code}. */
    public static Response exchange(String code, Pkce pkce, String clientId, String redirectUri) {
        return given().formParam("grant_type", "authorization_code")
                .formParam("client_id", clientId)
                .formParam("code", code)
                .formParam("redirect_uri", redirectUri)
                .formParam("code_verifier", pkce.verifier())
                .post("/token");
    }

    /** The viewer uses {@code refreshToken}. */
    public static Response refresh(String refreshToken) {
        return refresh(refreshToken, VIEWER);
    }

    /** The public client {@code clientId} uses {@code refreshToken}. */
    public static Response refresh(String refreshToken, String clientId) {
        return given().formParam("grant_type", "refresh_token")
                .formParam("client_id", clientId)
                .formParam("refresh_token", refreshToken)
                .post("/token");
    }

    /** The CSRF token of the form on {@code page}. */
    public static String csrf(Response page) {
        Matcher m = CSRF.matcher(page.asString());
        assertThat(m.find()).as("a form with a CSRF token in %s", page.asString()).isTrue();
        return m.group(1);
    }

    /** The query parameters of a redirect's Location. */
    public static Map<String, List<String>> query(Response redirect) {
        String location = redirect.header("Location");
        assertThat(location).as("a Location header").isNotNull();
        return URLUtils.parseParameters(URI.create(location).getRawQuery());
    }

    public static String param(Response redirect, String name) {
        List<String> values = query(redirect).get(name);
        return values == null ? null : values.getFirst();
    }

    /** Starts an authorization, fills in the password; returns the answer to the password form. */
    public Response password(Map<String, String> authorization, String username, String password) {
        Response authorize = get("/authorize", authorization);
        assertThat(authorize.statusCode()).as(authorize.asString()).isEqualTo(303);
        Response form = get("/sign-in");
        assertThat(form.statusCode()).isEqualTo(200);
        return post("/sign-in", Map.of("username", username, "password", password, "csrf", csrf(form)));
    }

    /** Submits a one-time code on the code page. */
    public Response code(String code) {
        Response form = get("/sign-in/otp");
        assertThat(form.statusCode()).as(form.asString()).isEqualTo(200);
        return post("/sign-in/otp", Map.of("code", code, "csrf", csrf(form)));
    }

    /** Password + e-mail code, all the way to the redirect with the authorization code. */
    public Response signIn(Map<String, String> authorization, String username, String password, String email) {
        int before = mailsTo(email);
        Response afterPassword = password(authorization, username, password);
        assertThat(afterPassword.statusCode()).as(afterPassword.asString()).isEqualTo(303);
        assertThat(afterPassword.header("Location")).endsWith("/sign-in/otp");
        Response done = code(awaitCode(email, before));
        assertThat(done.statusCode()).as(done.asString()).isEqualTo(303);
        return done;
    }

    /** The number of mails {@code recipient} received so far. */
    public static int mailsTo(String recipient) {
        return messagesTo(recipient).size();
    }

    /** Waits for mail number {@code already + 1} to {@code recipient} and returns the code in it. */
    public static String awaitCode(String recipient, int already) {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (System.nanoTime() < deadline) {
            List<MimeMessage> messages = messagesTo(recipient);
            if (messages.size() > already) {
                try {
                    Matcher m = CODE.matcher(messages.getLast().getContent().toString());
                    assertThat(m.find()).as("a 6-digit code in the mail").isTrue();
                    return m.group(1);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        throw new AssertionError("no code mailed to " + recipient);
    }

    private static List<MimeMessage> messagesTo(String recipient) {
        return java.util.Arrays.stream(SmtpSinkResource.sink().receivedMessages())
                .filter(m -> {
                    try {
                        return java.util.Arrays.stream(m.getAllRecipients()).anyMatch(a -> a.toString().contains(recipient));
                    } catch (Exception e) {
                        return false;
                    }
                })
                .toList();
    }
}
