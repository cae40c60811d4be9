package org.irisimaging.studyindex.access;

import java.util.Optional;

/**
 * One reason why a caller may see a study: a grant. {@link StudyAccess} ORs the conditions of all
 * the rules (CDI beans of this type), so a new kind of grant is a new bean, and no query changes.
 *
 * <p>Rules today: {@link PlatformAdministrators}, {@link Prescribers}, {@link EstablishmentStaff}.
 * Grants to come, each a rule of its own on its own table: share codes (code de partage — the
 * studies of the patient who gave the code, until it expires), teledossiers (télédossiers — the
 * studies sent to the caller or their community), community priors (a patient's earlier studies
 * for the professionals of member sites), break-glass (audited emergency access). A patient's
 * opposition is not a grant but a restriction: it will be AND-ed by {@link StudyAccess} over the
 * grants (break-glass excepted).
 */
public interface AccessRule {

    /**
     * The condition on the study row (SQL alias {@code studyAlias}) under which this rule lets
     * {@code caller} see a study; empty when the rule grants this caller nothing at all.
     * {@link SqlCondition#TRUE} means every study.
     */
    Optional<SqlCondition> grant(Caller caller, String studyAlias);
}
