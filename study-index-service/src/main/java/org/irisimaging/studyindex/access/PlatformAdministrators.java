package org.irisimaging.studyindex.access;

import jakarta.enterprise.context.ApplicationScoped;

import java.util.Optional;

/** Platform administrators see every study. */
@ApplicationScoped
public class PlatformAdministrators implements AccessRule {

    @Override
    public Optional<SqlCondition> grant(Caller caller, String studyAlias) {
        return caller.hasRole(Roles.PLATFORM_ADMIN) ? Optional.of(SqlCondition.TRUE) : Optional.empty();
    }
}
