package org.irisimaging.identity.oidc;

import io.quarkus.runtime.StartupEvent;
import io.quarkus.runtime.configuration.ConfigUtils;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.irisimaging.identity.IdentityConfig;
import org.irisimaging.identity.otp.LoggingSmsProvider;

/** Refuses to start the prod profile with a dev-only convenience switched on. */
@ApplicationScoped
public class ProductionSafety {

    void check(@Observes StartupEvent startup, IdentityConfig config) {
        if (!ConfigUtils.getProfiles().contains("prod")) {
            return;
        }
        if (config.dev().signInEnabled() || config.dev().demoAccounts() || config.signing().generateIfMissing()) {
            throw new IllegalStateException("iris.identity.dev.* and iris.identity.signing.generate-if-missing"
                    + " are for the dev and test profiles only; switch them off in production");
        }
        if (LoggingSmsProvider.NAME.equals(config.otp().smsProvider())) {
            throw new IllegalStateException("iris.identity.otp.sms-provider=logging is for the dev and test profiles"
                    + " only; configure a real SMS provider or none in production");
        }
        if (config.cps().mtls().enabled() && !config.cps().mtls().checkRevocation()) {
            throw new IllegalStateException("iris.identity.cps.mtls.check-revocation=false is for the dev and test"
                    + " profiles only; a revoked CPS card must not sign in in production");
        }
        if (config.cps().federation().enabled() && config.cps().federation().discoveryUrl()
                .filter(u -> !"https".equals(u.getScheme())).isPresent()) {
            throw new IllegalStateException("iris.identity.cps.federation.discovery-url must be https in production");
        }
        if (!config.session().cookieSecure()) {
            throw new IllegalStateException("iris.identity.session.cookie-secure=false is for the dev and test"
                    + " profiles only; the session cookie must be Secure in production");
        }
    }
}
