package org.irisimaging.studyindex.access;

import io.quarkus.security.identity.SecurityIdentity;
import jakarta.json.JsonArray;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import org.eclipse.microprofile.jwt.JsonWebToken;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;

/**
 * Who is asking, as the access rules need it: the token's subject, roles and person claims.
 *
 * @param subject        the token's {@code sub} (the account id for a person)
 * @param roles          the token's {@code groups}
 * @param idNatPs        the practitioner's national identifier ({@code idnat_ps}: "8" + RPPS or
 *                       "0" + ADELI); null when the token has none
 * @param establishments the establishments (FINESS numbers) the person works for
 *                       ({@code establishments}); empty when none
 */
public record Caller(String subject, Set<String> roles, String idNatPs, List<String> establishments) {

    /** Nobody: sees nothing. */
    public static final Caller NOBODY = new Caller(null, Set.of(), null, List.of());

    public Caller {
        roles = Set.copyOf(roles);
        idNatPs = idNatPs == null || idNatPs.isBlank() ? null : idNatPs.strip();
        establishments = establishments.stream().filter(e -> e != null && !e.isBlank()).map(String::strip).toList();
    }

    /** The caller of a request authenticated by quarkus-oidc (the principal is the access token). */
    public static Caller of(SecurityIdentity identity) {
        if (identity == null || identity.isAnonymous()) {
            return NOBODY;
        }
        String subject = identity.getPrincipal().getName();
        String idNatPs = null;
        List<String> establishments = List.of();
        if (identity.getPrincipal() instanceof JsonWebToken token) {
            // sub, not the principal's name (quarkus-oidc prefers preferred_username, which may change)
            subject = token.getSubject() != null ? token.getSubject() : subject;
            idNatPs = text(token.getClaim("idnat_ps"));
            establishments = texts(token.getClaim("establishments"));
        }
        return new Caller(subject, identity.getRoles(), idNatPs, establishments);
    }

    public boolean hasRole(String role) {
        return roles.contains(role);
    }

    private static String text(Object claim) {
        if (claim instanceof JsonString s) {
            return s.getString();
        }
        return claim instanceof String s ? s : null;
    }

    private static List<String> texts(Object claim) {
        List<String> values = new ArrayList<>();
        if (claim instanceof JsonArray array) {
            for (JsonValue v : array) {
                if (v instanceof JsonString s) {
                    values.add(s.getString());
                }
            }
        } else if (claim instanceof Collection<?> collection) {
            for (Object v : collection) {
                String s = text(v);
                if (s != null) {
                    values.add(s);
                }
            }
        } else if (text(claim) != null) {
            values.add(text(claim));
        }
        return values;
    }

    @Override
    public String toString() {
        // no identifiers beyond the subject in logs
        return "Caller[subject=" + subject + ", roles=" + roles + "]";
    }
}
