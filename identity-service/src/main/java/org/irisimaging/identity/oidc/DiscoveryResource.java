package org.irisimaging.identity.oidc;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.langtag.LangTag;
import com.nimbusds.langtag.LangTagException;
import com.nimbusds.oauth2.sdk.GrantType;
import com.nimbusds.oauth2.sdk.ResponseMode;
import com.nimbusds.oauth2.sdk.ResponseType;
import com.nimbusds.oauth2.sdk.Scope;
import com.nimbusds.oauth2.sdk.auth.ClientAuthenticationMethod;
import com.nimbusds.oauth2.sdk.id.Issuer;
import com.nimbusds.oauth2.sdk.pkce.CodeChallengeMethod;
import com.nimbusds.openid.connect.sdk.Prompt;
import com.nimbusds.openid.connect.sdk.SubjectType;
import com.nimbusds.openid.connect.sdk.claims.ACR;
import com.nimbusds.openid.connect.sdk.op.OIDCProviderMetadata;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.irisimaging.identity.IdentityConfig;

import java.net.URI;
import java.util.List;

/**
 * OpenID Connect Discovery 1.0 provider metadata (built with the Nimbus SDK). It advertises only
 * what exists: the code flow with PKCE S256, refresh tokens, client credentials, userinfo and
 * RP-initiated logout.
 */
@Path("/.well-known/openid-configuration")
@Tag(name = "OpenID Connect")
public class DiscoveryResource {

    private final String json;

    DiscoveryResource(IdentityConfig config) {
        String issuer = config.issuer().replaceAll("/+$", "");
        OIDCProviderMetadata metadata = new OIDCProviderMetadata(new Issuer(issuer),
                List.of(SubjectType.PUBLIC), URI.create(issuer + "/jwks"));
        metadata.setAuthorizationEndpointURI(URI.create(issuer + "/authorize"));
        metadata.setTokenEndpointURI(URI.create(issuer + "/token"));
        metadata.setUserInfoEndpointURI(URI.create(issuer + "/userinfo"));
        metadata.setEndSessionEndpointURI(URI.create(issuer + "/logout"));
        metadata.setScopes(new Scope(AuthorizationRequests.SCOPES.stream().sorted().toArray(String[]::new)));
        metadata.setResponseTypes(List.of(ResponseType.CODE));
        metadata.setResponseModes(List.of(ResponseMode.QUERY));
        metadata.setGrantTypes(List.of(GrantType.AUTHORIZATION_CODE, GrantType.REFRESH_TOKEN,
                GrantType.CLIENT_CREDENTIALS));
        metadata.setCodeChallengeMethods(List.of(CodeChallengeMethod.S256));
        metadata.setTokenEndpointAuthMethods(List.of(ClientAuthenticationMethod.CLIENT_SECRET_BASIC,
                ClientAuthenticationMethod.CLIENT_SECRET_POST, ClientAuthenticationMethod.NONE));
        metadata.setIDTokenJWSAlgs(List.of(JWSAlgorithm.RS256));
        metadata.setACRs(List.of(new ACR(Acr.PASSWORD_OTP), new ACR(Acr.CPS_CARD), new ACR(Acr.CPS_FEDERATION)));
        metadata.setPromptTypes(List.of(Prompt.Type.NONE, Prompt.Type.LOGIN));
        metadata.setSupportsAuthorizationResponseIssuerParam(true);
        metadata.setSupportsRequestParam(false);
        metadata.setSupportsRequestURIParam(false);
        metadata.setClaims(List.of("sub", "iss", "aud", "exp", "iat", "auth_time", "nonce", "jti", "azp", "sid",
                "client_id", "scope", "groups", "preferred_username", "given_name", "family_name", "email",
                "idnat_ps", "establishments", "amr", "acr"));
        try {
            metadata.setUILocales(List.of(LangTag.parse("fr"), LangTag.parse("en")));
        } catch (LangTagException e) {
            throw new IllegalStateException(e);
        }
        this.json = metadata.toJSONObject().toJSONString();
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "OpenID Provider metadata")
    public String metadata() {
        return json;
    }
}
