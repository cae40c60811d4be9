package org.irisimaging.studyindex.access;

import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;
import java.util.Optional;

/**
 * A prescriber (prescripteur) sees the studies whose referring physician they are: a practitioner
 * whose {@code idnat_ps} is one of the study's referring physician identifiers
 * ({@code study.referring_physician_ids}, read at registration from the Referring Physician
 * Identification Sequence by {@link PractitionerIdentifiers}).
 *
 * <p>Conservative rule: a study without such an identifier has no prescriber. The Referring
 * Physician's Name alone grants nothing — names are ambiguous (homonyms, spelling, order of the
 * components) and a false match would show a patient's study to the wrong doctor. Such studies are
 * seen by the producing establishment's staff ({@link EstablishmentStaff}).
 */
@ApplicationScoped
public class Prescribers implements AccessRule {

    @Override
    public Optional<SqlCondition> grant(Caller caller, String studyAlias) {
        if (!caller.hasRole(Roles.PRACTITIONER) || caller.idNatPs() == null) {
            return Optional.empty();
        }
        return Optional.of(prescribedBy(caller.idNatPs(), studyAlias));
    }

    /** The studies that name this practitioner as their referring physician (GIN index on the array). */
    public static SqlCondition prescribedBy(String idNatPs, String studyAlias) {
        return new SqlCondition(StudyAccess.alias(studyAlias) + ".referring_physician_ids @> ?",
                List.of(List.of(idNatPs)));
    }
}
