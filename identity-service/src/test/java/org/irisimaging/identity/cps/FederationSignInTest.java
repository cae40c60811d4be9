package org.irisimaging.identity.cps;

import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import org.irisimaging.identity.Browser;
import org.irisimaging.identity.NodePackages;
import org.irisimaging.identity.TestAccounts;
import org.irisimaging.identity.account.Account;
import org.irisimaging.identity.oidc.Acr;
import org.irisimaging.testsupport.EmbeddedKafkaResource;
import org.irisimaging.testsupport.EmbeddedPostgresResource;
import org.irisimaging.testsupport.SmtpSinkResource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Federation with a real OpenID provider running locally: panva's oidc-provider (certified) under
 * node, configured like Pro Santé Connect (scope_all, SubjectNameID in a signed userinfo JWT, acr
 * eidas1, discovery at a non-standard path). The test drives identity-service's sign-in page, the provider's login form and
 * the redirects between them over HTTP, as a browser would.
 */
@QuarkusTest
@QuarkusTestResource(EmbeddedPostgresResource.class)
@QuarkusTestResource(EmbeddedKafkaResource.class)
@QuarkusTestResource(SmtpSinkResource.class)
@QuarkusTestResource(CpsTestResource.class)
class FederationSignInTest {

    private static final String IRIS = "http://localhost:18081";
    private static final String CALLBACK = IRIS + "/sign-in/psc/callback";
    private static final Pattern FORM = Pattern.compile("<form[^>]*action=\"([^\"]+)\"");
    private static final Pattern CANCEL = Pattern.compile("<a href=\"([^\"]+)\">\\[ Cancel \\]</a>");

    private static Process upstream;

    @Inject
    TestAccounts accounts;

    @Inject
    TestSessions sessions;

    @BeforeAll
    static void startUpstream() throws Exception {
        Path dir = NodePackages.install(Path.of("src/test/js/upstream-provider"), Path.of("target/js-upstream"),
                "oidc-provider", "package.json", "upstream-provider.mjs");
        String secret = Files.readString(TestPki.DIR.resolve("upstream-client-secret")).strip();
        upstream = new ProcessBuilder("node", "upstream-provider.mjs", String.valueOf(CpsTestResource.UPSTREAM_PORT),
                CpsTestResource.UPSTREAM_CLIENT, secret, CALLBACK)
                .directory(dir.toFile()).redirectErrorStream(true).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(upstream.getInputStream(), StandardCharsets.UTF_8));
        StringBuilder log = new StringBuilder();
        String line;
        while ((line = out.readLine()) != null && !line.equals("ready")) {
            log.append(line).append('\n');
        }
        assertThat(line).as("the upstream provider started: %s", log).isEqualTo("ready");
        Thread drain = new Thread(() -> out.lines().forEach(l -> { }));
        drain.setDaemon(true);
        drain.start();
    }

    @AfterAll
    static void stopUpstream() {
        if (upstream != null) {
            upstream.destroy();
        }
    }

    @Test
    void theUpstreamSignsThePractitionerInAndItsAnswerWorksOnce() throws Exception {
        Account account = accounts.withIdNatPs("psc", Account.Status.ACTIVE, false);
        Instant start = Instant.now();
        HttpBrowser browser = new HttpBrowser();
        Browser.Pkce pkce = Browser.Pkce.create();
        URI callback = upstreamAnswer(browser, pkce, "psc-ok", account.idNatPs);

        HttpResponse<String> done = browser.get(callback);
        assertThat(done.statusCode()).as(done.body()).isEqualTo(303);
        URI toViewer = HttpBrowser.location(done);
        assertThat(toViewer.toString()).startsWith(Browser.VIEWER_CALLBACK).contains("state=psc-ok");
        Response tokens = Browser.exchange(query(toViewer).get("code"), pkce);
        assertThat(tokens.statusCode()).as(tokens.asString()).isEqualTo(200);
        JWTClaimsSet access = SignedJWT.parse(tokens.path("access_token")).getJWTClaimsSet();
        assertThat(access.getSubject()).isEqualTo(account.id.toString());
        assertThat(access.getStringClaim("idnat_ps")).isEqualTo(account.idNatPs);
        assertThat(access.getStringListClaim("amr")).containsExactlyElementsOf(Acr.AMR_CPS_FEDERATION);
        assertThat(access.getStringClaim("acr")).isEqualTo(Acr.CPS_FEDERATION);
        assertThat(SignedJWT.parse(tokens.path("id_token")).getJWTClaimsSet().getStringListClaim("amr"))
                .containsExactlyElementsOf(Acr.AMR_CPS_FEDERATION);
        assertThat(accounts.reload(account.id).cpsFirstSignInAt).isNotNull();
        AuditEvents.await(Acr.METHOD_CPS_FEDERATION, "SUCCEEDED", null, start);

        // The same answer again (a replayed callback): its state was used up.
        HttpBrowser replaying = new HttpBrowser();
        replaying.get(URI.create(IRIS + "/authorize?" + form(Browser.authorization(Browser.Pkce.create(), "replay"))));
        HttpResponse<String> replayed = replaying.get(callback);
        assertThat(replayed.statusCode()).isEqualTo(400);
        assertThat(replayed.headers().firstValue("Location")).isEmpty();
        AuditEvents.await(Acr.METHOD_CPS_FEDERATION, "FAILED", "state_mismatch", start);
    }

    @Test
    void anIdTokenWithAnotherNonceIsRefused() throws Exception {
        Account account = accounts.withIdNatPs("psc-nonce", Account.Status.ACTIVE, false);
        Instant start = Instant.now();
        HttpBrowser browser = new HttpBrowser();
        URI callback = upstreamAnswer(browser, Browser.Pkce.create(), "psc-nonce", account.idNatPs);
        // The answer belongs to another request than the one this browser's session expects.
        sessions.expectUpstreamNonce(browser.cookie(URI.create(IRIS), Browser.COOKIE), "another-nonce");
        HttpResponse<String> refused = browser.get(callback);
        assertThat(refused.statusCode()).as(refused.body()).isEqualTo(400);
        assertThat(refused.body()).contains("La connexion par le fournisseur externe a échoué");
        AuditEvents.await(Acr.METHOD_CPS_FEDERATION, "FAILED", "id_token_nonce_mismatch", start);
        assertThat(accounts.reload(account.id).cpsFirstSignInAt).isNull();
    }

    @Test
    void anUnknownSubjectNameIdIsRefused() throws Exception {
        Instant start = Instant.now();
        HttpBrowser browser = new HttpBrowser();
        URI callback = upstreamAnswer(browser, Browser.Pkce.create(), "psc-unknown", TestAccounts.randomIdNatPs());
        HttpResponse<String> refused = browser.get(callback);
        assertThat(refused.statusCode()).isEqualTo(403);
        assertThat(refused.body()).contains("Aucun compte Iris");
        AuditEvents.await(Acr.METHOD_CPS_FEDERATION, "FAILED", "unknown_idnat_ps", start);
    }

    @Test
    void anAnswerWithoutTheRequestedAcrIsRefused() throws Exception {
        Account account = accounts.withIdNatPs("psc-acr", Account.Status.ACTIVE, false);
        Instant start = Instant.now();
        HttpBrowser browser = new HttpBrowser();
        URI callback = upstreamAnswer(browser, Browser.Pkce.create(), "psc-acr", "no-acr:" + account.idNatPs);
        HttpResponse<String> refused = browser.get(callback);
        assertThat(refused.statusCode()).isEqualTo(400);
        AuditEvents.await(Acr.METHOD_CPS_FEDERATION, "FAILED", "acr_not_accepted", start);
        assertThat(accounts.reload(account.id).cpsFirstSignInAt).isNull();
    }

    @Test
    void cancellingAtTheUpstreamBringsThePersonBackToTheSignInPage() throws Exception {
        Instant start = Instant.now();
        HttpBrowser browser = new HttpBrowser();
        HttpResponse<String> login = upstreamLoginForm(browser, Browser.Pkce.create(), "psc-cancel");
        Matcher cancel = CANCEL.matcher(login.body());
        assertThat(cancel.find()).as(login.body()).isTrue();
        HttpResponse<String> back = browser.follow(browser.get(login.uri().resolve(cancel.group(1))), u -> false);
        assertThat(back.uri().toString()).startsWith(CALLBACK).contains("error=access_denied");
        assertThat(back.statusCode()).isEqualTo(200);
        assertThat(back.body()).contains("La connexion a été annulée").contains("id=\"cps-federation\"");
        AuditEvents.await(Acr.METHOD_CPS_FEDERATION, "FAILED", "upstream_error:access_denied", start);
    }

    /** From the viewer's authorization request to the upstream's login form. */
    private static HttpResponse<String> upstreamLoginForm(HttpBrowser browser, Browser.Pkce pkce, String state)
            throws Exception {
        HttpResponse<String> signIn = browser.follow(
                browser.get(URI.create(IRIS + "/authorize?" + form(Browser.authorization(pkce, state)))), u -> false);
        assertThat(signIn.statusCode()).isEqualTo(200);
        assertThat(signIn.body()).contains("id=\"cps-federation\" href=\"/sign-in/psc\"");
        HttpResponse<String> toUpstream = browser.get(URI.create(IRIS + "/sign-in/psc"));
        assertThat(toUpstream.statusCode()).isEqualTo(303);
        URI authorization = HttpBrowser.location(toUpstream);
        Map<String, String> request = query(authorization);
        assertThat(request).containsEntry("scope", "openid scope_all").containsEntry("acr_values", "eidas1")
                .containsEntry("code_challenge_method", "S256").containsKeys("state", "nonce");
        HttpResponse<String> login = browser.follow(browser.get(authorization), u -> false);
        assertThat(login.statusCode()).as(login.body()).isEqualTo(200);
        return login;
    }

    /** Signs in at the upstream as {@code login} and returns its answer to identity-service, not delivered yet. */
    private static URI upstreamAnswer(HttpBrowser browser, Browser.Pkce pkce, String state, String login)
            throws Exception {
        HttpResponse<String> loginForm = upstreamLoginForm(browser, pkce, state);
        HttpResponse<String> consent = browser.follow(browser.post(action(loginForm),
                Map.of("prompt", "login", "login", login, "password", "any")), u -> false);
        assertThat(consent.statusCode()).as(consent.body()).isEqualTo(200);
        HttpResponse<String> answer = browser.follow(browser.post(action(consent), Map.of("prompt", "consent")),
                u -> u.toString().startsWith(CALLBACK));
        URI callback = HttpBrowser.location(answer);
        assertThat(callback.toString()).startsWith(CALLBACK).contains("code=");
        return callback;
    }

    private static URI action(HttpResponse<String> page) {
        Matcher m = FORM.matcher(page.body());
        assertThat(m.find()).as(page.body()).isTrue();
        return page.uri().resolve(m.group(1));
    }

    private static String form(Map<String, String> params) {
        return params.entrySet().stream().map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
    }

    private static Map<String, String> query(URI uri) {
        return com.nimbusds.oauth2.sdk.util.URLUtils.parseParameters(uri.getRawQuery()).entrySet().stream()
                .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().getFirst()));
    }
}
