package org.irisimaging.identity.cps.federation;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.util.DefaultResourceRetriever;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWT;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import com.nimbusds.oauth2.sdk.AuthorizationCode;
import com.nimbusds.oauth2.sdk.AuthorizationCodeGrant;
import com.nimbusds.oauth2.sdk.ParseException;
import com.nimbusds.oauth2.sdk.ResponseType;
import com.nimbusds.oauth2.sdk.Scope;
import com.nimbusds.oauth2.sdk.TokenRequest;
import com.nimbusds.oauth2.sdk.TokenResponse;
import com.nimbusds.oauth2.sdk.auth.ClientAuthentication;
import com.nimbusds.oauth2.sdk.auth.ClientSecretBasic;
import com.nimbusds.oauth2.sdk.auth.ClientSecretPost;
import com.nimbusds.oauth2.sdk.auth.Secret;
import com.nimbusds.oauth2.sdk.http.HTTPRequest;
import com.nimbusds.oauth2.sdk.http.HTTPResponse;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.oauth2.sdk.id.State;
import com.nimbusds.oauth2.sdk.pkce.CodeChallengeMethod;
import com.nimbusds.oauth2.sdk.pkce.CodeVerifier;
import com.nimbusds.oauth2.sdk.token.BearerAccessToken;
import com.nimbusds.openid.connect.sdk.AuthenticationRequest;
import com.nimbusds.openid.connect.sdk.Nonce;
import com.nimbusds.openid.connect.sdk.OIDCTokenResponseParser;
import com.nimbusds.openid.connect.sdk.UserInfoRequest;
import com.nimbusds.openid.connect.sdk.UserInfoResponse;
import com.nimbusds.openid.connect.sdk.claims.ACR;
import com.nimbusds.openid.connect.sdk.claims.IDTokenClaimsSet;
import com.nimbusds.openid.connect.sdk.claims.UserInfo;
import com.nimbusds.openid.connect.sdk.op.OIDCProviderMetadata;
import com.nimbusds.openid.connect.sdk.token.OIDCTokens;
import com.nimbusds.openid.connect.sdk.validators.IDTokenValidator;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.irisimaging.identity.IdentityConfig;

import java.io.IOException;
import java.net.URI;
import java.util.List;
import java.util.Set;

/**
 * identity-service as an OpenID Connect client of the upstream provider (Pro Santé Connect or a
 * compatible one): the authorization request (state, nonce, PKCE when offered, acr_values), the code
 * exchange with the client secret, the ID token checked by the Nimbus SDK (signature through the
 * upstream's JWKS, issuer, audience, expiry, nonce) and its acr, and the practitioner's idNat_PS
 * ({@code SubjectNameID}) from the ID token or userinfo. The discovery document is read from the
 * configured URL (Pro Santé Connect's is not at the standard path) on first use.
 */
@ApplicationScoped
public class UpstreamProvider {

    /** The claim that carries the practitioner's idNat_PS. */
    public static final String SUBJECT_NAME_ID = "SubjectNameID";

    public static final String CALLBACK_PATH = "/sign-in/psc/callback";

    /** A request sent to the upstream: where to send the browser, and what to keep for the callback. */
    public record Started(URI location, String state, String nonce, String codeVerifier) {
    }

    /** The practitioner the upstream authenticated. */
    public record Identity(String idNatPs) {
    }

    private record Upstream(OIDCProviderMetadata metadata, IDTokenValidator validator,
                            JWSVerificationKeySelector<SecurityContext> keys) {
    }

    private final IdentityConfig.Federation settings;
    private final URI redirectUri;
    private volatile Upstream upstream;

    UpstreamProvider(IdentityConfig config) {
        this.settings = config.cps().federation();
        this.redirectUri = URI.create(config.issuer().replaceAll("/+$", "") + CALLBACK_PATH);
    }

    /** Startup fails on an incomplete federation configuration rather than at the first sign-in. */
    void check(@Observes StartupEvent startup) {
        if (!settings.enabled()) {
            return;
        }
        settings.discoveryUrl().orElseThrow(() -> new IllegalStateException(
                "iris.identity.cps.federation.discovery-url is required when the federation is enabled"));
        clientId();
        secret();
        if (!List.of("client_secret_basic", "client_secret_post").contains(settings.clientAuthMethod())) {
            throw new IllegalStateException("iris.identity.cps.federation.client-auth-method must be"
                    + " client_secret_basic or client_secret_post");
        }
    }

    public Started start() throws FederationException {
        OIDCProviderMetadata metadata = upstream().metadata();
        State state = new State();
        Nonce nonce = new Nonce();
        List<CodeChallengeMethod> pkce = metadata.getCodeChallengeMethods();
        CodeVerifier verifier = pkce != null && pkce.contains(CodeChallengeMethod.S256) ? new CodeVerifier() : null;
        AuthenticationRequest.Builder request = new AuthenticationRequest.Builder(ResponseType.CODE,
                Scope.parse(settings.scope()), clientId(), redirectUri)
                .endpointURI(metadata.getAuthorizationEndpointURI())
                .state(state)
                .nonce(nonce)
                .acrValues(settings.acrValues().stream().map(ACR::new).toList());
        if (verifier != null) {
            request.codeChallenge(verifier, CodeChallengeMethod.S256);
        }
        return new Started(request.build().toURI(), state.getValue(), nonce.getValue(),
                verifier == null ? null : verifier.getValue());
    }

    /** The issuer the callback's {@code iss} parameter must name when present (RFC 9207). */
    public String issuer() throws FederationException {
        return upstream().metadata().getIssuer().getValue();
    }

    /** Exchanges {@code code} and returns the practitioner the checked ID token (and userinfo) name. */
    public Identity redeem(AuthorizationCode code, String codeVerifier, String nonce) throws FederationException {
        Upstream up = upstream();
        ClientAuthentication auth = "client_secret_post".equals(settings.clientAuthMethod())
                ? new ClientSecretPost(clientId(), secret()) : new ClientSecretBasic(clientId(), secret());
        TokenRequest request = new TokenRequest(up.metadata().getTokenEndpointURI(), auth,
                new AuthorizationCodeGrant(code, redirectUri, codeVerifier == null ? null : new CodeVerifier(codeVerifier)));
        TokenResponse response;
        try {
            response = OIDCTokenResponseParser.parse(send(request.toHTTPRequest()));
        } catch (ParseException e) {
            throw new FederationException("upstream_token_response_invalid", "Unreadable token response", e);
        }
        if (!response.indicatesSuccess()) {
            throw new FederationException("upstream_token_error", "Token request refused: "
                    + response.toErrorResponse().getErrorObject().getCode());
        }
        OIDCTokens tokens = response.toSuccessResponse().getTokens().toOIDCTokens();
        IDTokenClaimsSet claims = validate(up.validator(), tokens.getIDToken(), nonce);
        ACR acr = claims.getACR();
        if (acr == null || !settings.acrValues().contains(acr.getValue())) {
            throw new FederationException("acr_not_accepted", "ID token acr " + acr + " is not one of " + settings.acrValues());
        }
        String idNatPs = claims.getStringClaim(SUBJECT_NAME_ID);
        if (idNatPs == null) {
            idNatPs = fromUserInfo(up, tokens.getBearerAccessToken(), claims);
        }
        if (idNatPs == null || idNatPs.isBlank()) {
            throw new FederationException("no_subject_name_id", "Neither the ID token nor userinfo has " + SUBJECT_NAME_ID);
        }
        return new Identity(idNatPs);
    }

    private static IDTokenClaimsSet validate(IDTokenValidator validator, JWT idToken, String nonce)
            throws FederationException {
        try {
            return validator.validate(idToken, new Nonce(nonce));
        } catch (BadJOSEException e) {
            String message = String.valueOf(e.getMessage());
            throw new FederationException(message.contains("nonce") ? "id_token_nonce_mismatch" : "id_token_invalid",
                    "ID token refused: " + message, e);
        } catch (JOSEException e) {
            throw new FederationException("id_token_invalid", "ID token not verifiable: " + e.getMessage(), e);
        }
    }

    /**
     * OIDC Core §5.3: userinfo's {@code sub} must be the ID token's. Plain JSON, or a JWT signed by
     * the upstream (Pro Santé Connect's "jeton userinfo"), checked with the same keys as the ID token.
     */
    private String fromUserInfo(Upstream up, BearerAccessToken accessToken, IDTokenClaimsSet idToken)
            throws FederationException {
        OIDCProviderMetadata metadata = up.metadata();
        if (metadata.getUserInfoEndpointURI() == null || accessToken == null) {
            return null;
        }
        UserInfoResponse response;
        try {
            response = UserInfoResponse.parse(send(new UserInfoRequest(metadata.getUserInfoEndpointURI(), accessToken)
                    .toHTTPRequest()));
        } catch (ParseException e) {
            throw new FederationException("upstream_userinfo_invalid", "Unreadable userinfo response", e);
        }
        if (!response.indicatesSuccess()) {
            throw new FederationException("upstream_userinfo_error", "Userinfo refused: "
                    + response.toErrorResponse().getErrorObject().getCode());
        }
        UserInfo info = response.toSuccessResponse().getUserInfo();
        JWT signed = response.toSuccessResponse().getUserInfoJWT();
        if (info == null && signed instanceof SignedJWT jwt) {
            info = verified(up, jwt);
        }
        if (info == null) {
            throw new FederationException("upstream_userinfo_unsupported", "Encrypted userinfo is not supported");
        }
        if (!idToken.getSubject().equals(info.getSubject())) {
            throw new FederationException("userinfo_subject_mismatch", "Userinfo is about another subject");
        }
        return info.getStringClaim(SUBJECT_NAME_ID);
    }

    private UserInfo verified(Upstream up, SignedJWT jwt) throws FederationException {
        DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();
        processor.setJWSKeySelector(up.keys());
        processor.setJWTClaimsSetVerifier(new DefaultJWTClaimsVerifier<>(null, null, Set.of("sub")));
        JWTClaimsSet claims;
        try {
            claims = processor.process(jwt, null);
        } catch (BadJOSEException | JOSEException e) {
            throw new FederationException("upstream_userinfo_invalid", "Userinfo JWT refused: " + e.getMessage(), e);
        }
        // OIDC Core §5.3.2: a signed answer should name its issuer and this client.
        String issuer = up.metadata().getIssuer().getValue();
        if ((claims.getIssuer() != null && !claims.getIssuer().equals(issuer))
                || (claims.getAudience() != null && !claims.getAudience().isEmpty()
                && !claims.getAudience().contains(clientId().getValue()))) {
            throw new FederationException("upstream_userinfo_invalid", "Userinfo JWT for another issuer or client");
        }
        return new UserInfo(claims);
    }

    /** The upstream's metadata and ID token validator, read once (again after a failure). */
    private Upstream upstream() throws FederationException {
        Upstream current = upstream;
        if (current != null) {
            return current;
        }
        synchronized (this) {
            if (upstream == null) {
                URI discovery = settings.discoveryUrl().orElseThrow(() -> new IllegalStateException(
                        "iris.identity.cps.federation.discovery-url is required when the federation is enabled"));
                OIDCProviderMetadata metadata;
                try {
                    metadata = OIDCProviderMetadata.parse(send(new HTTPRequest(HTTPRequest.Method.GET, discovery))
                            .getBodyAsJSONObject());
                } catch (ParseException e) {
                    throw new FederationException("upstream_unavailable", "Unreadable discovery document", e);
                }
                int timeout = (int) settings.timeout().toMillis();
                JWKSource<SecurityContext> jwks;
                try {
                    jwks = JWKSourceBuilder.create(metadata.getJWKSetURI().toURL(),
                            new DefaultResourceRetriever(timeout, timeout, 512 * 1024)).build();
                } catch (IOException e) {
                    throw new FederationException("upstream_unavailable", "Bad JWKS URL", e);
                }
                JWSVerificationKeySelector<SecurityContext> keys =
                        new JWSVerificationKeySelector<>(signingAlgorithm(metadata), jwks);
                IDTokenValidator validator = new IDTokenValidator(metadata.getIssuer(), clientId(), keys, null);
                validator.setMaxClockSkew((int) settings.clockSkew().toSeconds());
                upstream = new Upstream(metadata, validator, keys);
            }
            return upstream;
        }
    }

    /** RS256 (Pro Santé Connect's) when offered, otherwise the upstream's first ID token algorithm. */
    private static JWSAlgorithm signingAlgorithm(OIDCProviderMetadata metadata) {
        List<JWSAlgorithm> algorithms = metadata.getIDTokenJWSAlgs();
        if (algorithms == null || algorithms.isEmpty() || algorithms.contains(JWSAlgorithm.RS256)) {
            return JWSAlgorithm.RS256;
        }
        return algorithms.getFirst();
    }

    private HTTPResponse send(HTTPRequest request) throws FederationException {
        int timeout = (int) settings.timeout().toMillis();
        request.setConnectTimeout(timeout);
        request.setReadTimeout(timeout);
        try {
            return request.send();
        } catch (IOException e) {
            throw new FederationException("upstream_unavailable", "Upstream provider unreachable: " + e.getMessage(), e);
        }
    }

    private ClientID clientId() {
        return new ClientID(settings.clientId().orElseThrow(() -> new IllegalStateException(
                "iris.identity.cps.federation.client-id is required when the federation is enabled")));
    }

    private Secret secret() {
        return new Secret(settings.clientSecret().orElseThrow(() -> new IllegalStateException(
                "iris.identity.cps.federation.client-secret is required when the federation is enabled")));
    }
}
