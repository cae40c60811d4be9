package org.irisimaging.studyindex.access;

import io.quarkus.arc.All;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The one place that decides which studies a caller may see. Every QIDO-RS search, every metadata
 * retrieval, every file location the gateway asks for on a user's behalf (WADO-RS, frames,
 * rendered, thumbnails, bulk data, WADO-URI) and the prescriber's list add
 * {@link #visibleStudies} to their SQL, so what a caller may not see is never read: it is absent
 * from searches and answers 404 when asked for by UID, exactly like a study that does not exist.
 *
 * <p>A caller sees a study when at least one {@link AccessRule} grants it: platform administrators
 * everything ({@link PlatformAdministrators}), a practitioner the studies they prescribed
 * ({@link Prescribers}), a site administrator their establishments' studies
 * ({@link EstablishmentStaff}). Guests have no rule yet (share codes will be one). The grants to
 * come (share codes, teledossiers, community priors, break-glass) are further rules; oppositions
 * will be a restriction AND-ed here over the grants. Decisions: ADR 0013.
 *
 * <p>Auditing data accesses is not done here (this builds a condition, it does not see which
 * studies were read): the resources raise {@code audit.DataAccessed} for what they served or refused.
 */
@ApplicationScoped
public class StudyAccess {

    private static final Pattern ALIAS = Pattern.compile("[a-z_][a-z0-9_]*");

    private final List<AccessRule> rules;

    StudyAccess(@All List<AccessRule> rules) {
        this.rules = List.copyOf(rules);
    }

    /**
     * The condition a study row must meet for {@code caller} to see it.
     *
     * @param caller     the authenticated caller
     * @param studyAlias the SQL alias of the {@code study} table in the query
     */
    public SqlCondition visibleStudies(SecurityIdentity caller, String studyAlias) {
        return visibleStudies(Caller.of(caller), studyAlias);
    }

    /** Same, for a caller already read from the token. */
    public SqlCondition visibleStudies(Caller caller, String studyAlias) {
        alias(studyAlias);
        List<SqlCondition> grants = new ArrayList<>();
        for (AccessRule rule : rules) {
            Optional<SqlCondition> grant = rule.grant(caller, studyAlias);
            if (grant.isEmpty()) {
                continue;
            }
            if (grant.get().equals(SqlCondition.TRUE)) {
                return SqlCondition.TRUE; // nothing else to ask the database
            }
            grants.add(grant.get());
        }
        if (grants.isEmpty()) {
            return SqlCondition.FALSE;
        }
        if (grants.size() == 1) {
            return grants.getFirst();
        }
        return new SqlCondition(grants.stream().map(g -> "(" + g.sql() + ")").collect(Collectors.joining(" or ")),
                grants.stream().flatMap(g -> g.params().stream()).toList());
    }

    /** Checks an SQL alias is a plain identifier (aliases are the code's own, never input). */
    static String alias(String studyAlias) {
        if (studyAlias == null || !ALIAS.matcher(studyAlias).matches()) {
            throw new IllegalArgumentException("not an SQL alias: " + studyAlias);
        }
        return studyAlias;
    }
}
