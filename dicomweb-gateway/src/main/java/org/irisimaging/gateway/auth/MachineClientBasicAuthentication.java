package org.irisimaging.gateway.auth;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.quarkus.oidc.runtime.OidcAuthenticationMechanism;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.IdentityProviderManager;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.AuthenticationRequest;
import io.quarkus.security.identity.request.TokenAuthenticationRequest;
import io.quarkus.vertx.http.runtime.security.ChallengeData;
import io.quarkus.vertx.http.runtime.security.HttpAuthenticationMechanism;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Set;

/**
 * HTTP Basic for registered machine clients on the DICOMweb API (ADR 0020). A peer that can only
 * send static headers (Orthanc's DICOMweb client) presents its OAuth client id and secret; they
 * are traded for a client-credentials token at identity-service ({@link ClientCredentialsExchange},
 * remembered until shortly before expiry), the request's {@code Authorization} becomes that bearer
 * token, and the bearer path validates it exactly as if the peer had sent it: same signature,
 * issuer, audience and role checks, and the resources forward the same token to study-index.
 * Without a Basic header, or outside the DICOMweb API ({@code iris.basic-auth.paths}), this
 * mechanism steps aside and bearer tokens work as before.
 */
@ApplicationScoped
public class MachineClientBasicAuthentication implements HttpAuthenticationMechanism {

    private static final String BASIC = "basic ";
    /** Marks a request that came with Basic credentials, for the challenge. */
    private static final String PRESENTED_BASIC = MachineClientBasicAuthentication.class.getName() + ".basic";
    private static final String CHALLENGE = "Basic realm=\"iris\", charset=\"UTF-8\"";

    private final ClientCredentialsExchange exchange;
    private final OidcAuthenticationMechanism bearer;
    private final List<String> paths;

    MachineClientBasicAuthentication(ClientCredentialsExchange exchange, OidcAuthenticationMechanism bearer,
                                     BasicAuthConfig config) {
        this.exchange = exchange;
        this.bearer = bearer;
        this.paths = config.paths().stream().map(p -> p.replaceAll("/+$", "")).toList();
    }

    /** Whether {@code path} is one where Basic is accepted (a configured path or below it). */
    boolean accepts(String path) {
        return path != null && paths.stream().anyMatch(p -> path.equals(p) || path.startsWith(p + "/"));
    }

    @Override
    public Uni<SecurityIdentity> authenticate(RoutingContext context, IdentityProviderManager identities) {
        String authorization = context.request().getHeader(HttpHeaderNames.AUTHORIZATION);
        if (authorization == null || !authorization.regionMatches(true, 0, BASIC, 0, BASIC.length())
                || !accepts(context.normalizedPath())) {
            return Uni.createFrom().nullItem();
        }
        context.put(PRESENTED_BASIC, Boolean.TRUE);
        if (!exchange.enabled()) {
            return Uni.createFrom().failure(new AuthenticationFailedException("HTTP Basic is not enabled"));
        }
        String[] credentials = credentials(authorization.substring(BASIC.length()).trim());
        if (credentials == null) {
            return Uni.createFrom().failure(new AuthenticationFailedException("Malformed Basic credentials"));
        }
        // The exchange completes on the HTTP client's threads: come back to this request's context.
        Context requestContext = Vertx.currentContext();
        Uni<ClientCredentialsExchange.Outcome> outcome =
                Uni.createFrom().completionStage(() -> exchange.exchange(credentials[0], credentials[1]));
        if (requestContext != null) {
            outcome = outcome.emitOn(command -> requestContext.runOnContext(v -> command.run()));
        }
        return outcome.onItem().transformToUni(result -> switch (result) {
                    case ClientCredentialsExchange.Granted granted -> {
                        // From here on the request is a bearer request, for the OIDC mechanism and
                        // for the resources that forward the caller's token.
                        context.request().headers().set(HttpHeaderNames.AUTHORIZATION, "Bearer " + granted.accessToken());
                        yield bearer.authenticate(context, identities);
                    }
                    case ClientCredentialsExchange.Refused refused ->
                            Uni.createFrom().failure(new AuthenticationFailedException(refused.reason()));
                });
    }

    /** id and secret of a Basic header (RFC 7617: UTF-8, split at the first ':'), or null. */
    static String[] credentials(String encoded) {
        byte[] raw;
        try {
            raw = Base64.getDecoder().decode(encoded);
        } catch (IllegalArgumentException e) {
            return null;
        }
        var decoder = StandardCharsets.UTF_8.newDecoder();
        String decoded;
        try {
            decoded = decoder.decode(java.nio.ByteBuffer.wrap(raw)).toString();
        } catch (java.nio.charset.CharacterCodingException e) {
            return null;
        }
        int colon = decoded.indexOf(':');
        if (colon <= 0 || colon == decoded.length() - 1 || decoded.chars().anyMatch(Character::isISOControl)) {
            return null;
        }
        return new String[] {decoded.substring(0, colon), decoded.substring(colon + 1)};
    }

    @Override
    public Uni<ChallengeData> getChallenge(RoutingContext context) {
        if (Boolean.TRUE.equals(context.get(PRESENTED_BASIC))) {
            return Uni.createFrom().item(new ChallengeData(401, HttpHeaderNames.WWW_AUTHENTICATE, CHALLENGE));
        }
        return bearer.getChallenge(context);
    }

    @Override
    public Set<Class<? extends AuthenticationRequest>> getCredentialTypes() {
        return Set.of(TokenAuthenticationRequest.class);
    }

    @Override
    public int getPriority() {
        // Before the OIDC mechanism: a Basic request is turned into a bearer one first.
        return bearer.getPriority() + 1;
    }
}
