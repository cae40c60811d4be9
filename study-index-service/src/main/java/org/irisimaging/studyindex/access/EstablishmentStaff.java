package org.irisimaging.studyindex.access;

import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;
import java.util.Optional;

/**
 * The staff of the producing establishment see its studies: a site administrator
 * ({@code site-admin}) sees every study whose producing establishment
 * ({@code study.producing_establishment}, from the sending source's {@code iris.sites.*} mapping)
 * is one of their {@code establishments}.
 *
 * <p>A practitioner who merely works there does not: membership of an establishment is what
 * identity-service records for account administration, and a whole hospital's studies would be
 * open to every one of its doctors. They see the studies they prescribed ({@link Prescribers}); a
 * grant for a care team (e.g. the radiologists of the establishment) would be a rule of its own.
 */
@ApplicationScoped
public class EstablishmentStaff implements AccessRule {

    @Override
    public Optional<SqlCondition> grant(Caller caller, String studyAlias) {
        if (!caller.hasRole(Roles.SITE_ADMIN) || caller.establishments().isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new SqlCondition(StudyAccess.alias(studyAlias) + ".producing_establishment = any(?)",
                List.of(caller.establishments())));
    }
}
