package org.irisimaging.identity.oidc;

import com.nimbusds.oauth2.sdk.AuthorizationCode;
import com.nimbusds.oauth2.sdk.AuthorizationErrorResponse;
import com.nimbusds.oauth2.sdk.AuthorizationSuccessResponse;
import com.nimbusds.oauth2.sdk.ErrorObject;
import com.nimbusds.oauth2.sdk.OAuth2Error;
import com.nimbusds.oauth2.sdk.ParseException;
import com.nimbusds.oauth2.sdk.ResponseMode;
import com.nimbusds.oauth2.sdk.ResponseType;
import com.nimbusds.oauth2.sdk.id.Issuer;
import com.nimbusds.oauth2.sdk.id.State;
import com.nimbusds.oauth2.sdk.pkce.CodeChallengeMethod;
import com.nimbusds.oauth2.sdk.util.URLUtils;
import com.nimbusds.openid.connect.sdk.AuthenticationRequest;
import com.nimbusds.openid.connect.sdk.Prompt;
import jakarta.enterprise.context.ApplicationScoped;
import org.irisimaging.identity.IdentityConfig;

import java.net.URI;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Checks authorization requests (RFC 6749 §4.1.1, OIDC Core §3.1.2.1, RFC 7636), parsed by the
 * Nimbus SDK. The client and its exact redirect URI are checked first: until both are known good,
 * errors are shown on an error page and never sent anywhere (RFC 6749 §4.1.2.1). After that,
 * errors go back to the client. PKCE is mandatory and S256 only.
 */
@ApplicationScoped
public class AuthorizationRequests {

    /** Scope values this provider knows. */
    public static final Set<String> SCOPES = Set.of("openid", "profile", "email");

    /** The outcome of checking a request. */
    public sealed interface Checked permits Valid, ErrorPage, ErrorRedirect {
    }

    /** The request cannot be tied to a registered client and redirect URI: show {@code reason}, redirect nowhere. */
    public record ErrorPage(String reason) implements Checked {
    }

    /** The request is invalid; tell the client at its registered redirect URI. */
    public record ErrorRedirect(URI location, String error) implements Checked {
    }

    /** A valid request. {@code query} is its query string, stored while the person signs in. */
    public record Valid(ClientRegistry.RegisteredClient client, URI redirectUri, State state, Set<String> scopes,
                        String nonce, String codeChallenge, boolean promptNone, boolean promptLogin, int maxAge,
                        String query) implements Checked {

        public String scope() {
            return String.join(" ", scopes);
        }
    }

    private final ClientRegistry clients;
    private final Issuer issuer;

    AuthorizationRequests(ClientRegistry clients, IdentityConfig config) {
        this.clients = clients;
        this.issuer = new Issuer(config.issuer());
    }

    public Checked check(Map<String, List<String>> params) {
        String clientId = single(params, "client_id");
        var client = clients.find(clientId).filter(c -> c.allows(ClientRegistry.AUTHORIZATION_CODE));
        if (client.isEmpty()) {
            return new ErrorPage("unknown_client");
        }
        String redirect = single(params, "redirect_uri");
        if (!client.get().hasRedirectUri(redirect)) {
            return new ErrorPage("unregistered_redirect_uri");
        }
        URI redirectUri = URI.create(redirect);
        String stateValue = single(params, "state");
        State state = stateValue == null || stateValue.isEmpty() ? null : new State(stateValue);

        AuthenticationRequest request;
        try {
            request = AuthenticationRequest.parse(params);
        } catch (ParseException e) {
            ErrorObject error = e.getErrorObject() != null ? e.getErrorObject() : OAuth2Error.INVALID_REQUEST;
            return errorRedirect(redirectUri, state, error.setDescription(e.getMessage()));
        }
        if (!ResponseType.CODE.equals(request.getResponseType())) {
            return errorRedirect(redirectUri, state,
                    OAuth2Error.UNSUPPORTED_RESPONSE_TYPE.setDescription("Only response_type=code is supported"));
        }
        if (request.getResponseMode() != null && !ResponseMode.QUERY.equals(request.getResponseMode())) {
            return errorRedirect(redirectUri, state, OAuth2Error.INVALID_REQUEST.setDescription("Only response_mode=query is supported"));
        }
        if (request.getRequestObject() != null || params.containsKey("request")) {
            return errorRedirect(redirectUri, state, OAuth2Error.REQUEST_NOT_SUPPORTED);
        }
        if (request.getRequestURI() != null) {
            return errorRedirect(redirectUri, state, OAuth2Error.REQUEST_URI_NOT_SUPPORTED);
        }
        if (request.getCodeChallenge() == null) {
            return errorRedirect(redirectUri, state,
                    OAuth2Error.INVALID_REQUEST.setDescription("code_challenge is required (PKCE with S256)"));
        }
        if (!CodeChallengeMethod.S256.equals(request.getCodeChallengeMethod())) {
            return errorRedirect(redirectUri, state,
                    OAuth2Error.INVALID_REQUEST.setDescription("code_challenge_method must be S256"));
        }
        Set<String> scopes = new LinkedHashSet<>(request.getScope().toStringList());
        if (!SCOPES.containsAll(scopes)) {
            return errorRedirect(redirectUri, state,
                    OAuth2Error.INVALID_SCOPE.setDescription("Supported scopes: openid, profile, email"));
        }
        Prompt prompt = request.getPrompt();
        boolean promptNone = prompt != null && prompt.contains(Prompt.Type.NONE);
        boolean promptLogin = prompt != null && prompt.contains(Prompt.Type.LOGIN);
        String nonce = request.getNonce() == null ? null : request.getNonce().getValue();
        return new Valid(client.get(), redirectUri, state, scopes, nonce, request.getCodeChallenge().getValue(),
                promptNone, promptLogin, request.getMaxAge(), URLUtils.serializeParameters(params));
    }

    /** Checks a request stored while the person signed in. */
    public Checked checkStored(String query) {
        return check(URLUtils.parseParameters(query));
    }

    /** The redirect that hands {@code code} to the client (with {@code iss}, RFC 9207). */
    public URI success(Valid request, String code) {
        return new AuthorizationSuccessResponse(request.redirectUri(), new AuthorizationCode(code), null,
                request.state(), issuer, ResponseMode.QUERY).toURI();
    }

    /** The redirect that tells the client about {@code error}. */
    public URI error(Valid request, ErrorObject error) {
        return errorRedirect(request.redirectUri(), request.state(), error).location();
    }

    private ErrorRedirect errorRedirect(URI redirectUri, State state, ErrorObject error) {
        return new ErrorRedirect(new AuthorizationErrorResponse(redirectUri, error, state, issuer, ResponseMode.QUERY)
                .toURI(), error.getCode());
    }

    /** The parameter's only value; null when absent or repeated (RFC 6749 §3.1: no repeated parameters). */
    private static String single(Map<String, List<String>> params, String name) {
        List<String> values = params.get(name);
        return values == null || values.size() != 1 ? null : values.getFirst();
    }
}
