package org.irisimaging.identity.cps;

import jakarta.enterprise.context.ApplicationScoped;
import org.irisimaging.identity.IdentityConfig;
import org.irisimaging.identity.cps.card.CardHandoff;
import org.irisimaging.identity.signin.Pages;

import java.util.UUID;

/** The CPS sign-ins the sign-in page offers next to the password, as configured. */
@ApplicationScoped
public class CpsAlternatives {

    private final IdentityConfig.Cps settings;
    private final CardHandoff card;

    CpsAlternatives(IdentityConfig config, CardHandoff card) {
        this.settings = config.cps();
        this.card = card;
    }

    public Pages.Alternatives offer(UUID pendingSessionId) {
        return new Pages.Alternatives(settings.mtls().enabled() ? card.link(pendingSessionId) : null,
                settings.federation().enabled() ? settings.federation().displayName() : null);
    }
}
