package org.irisimaging.gateway.index;

import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.microprofile.config.Config;

/**
 * Refuses to start without what every registration, hence every C-STORE, needs: study-index-service's
 * URL and the gateway's client secret at identity-service. Without this check they would only fail
 * at the first instance received. The dev profile has both; production provides
 * {@code iris.index.url} and {@code quarkus.oidc-client.credentials.secret}
 * (a Kubernetes Secret).
 */
@ApplicationScoped
class IndexSettingsCheck {

    static final String URL = "iris.index.url";
    static final String SECRET = "quarkus.oidc-client.credentials.secret";

    void onStart(@Observes StartupEvent event, Config config) {
        List<String> missing = new ArrayList<>();
        for (String key : List.of(URL, SECRET)) {
            if (config.getOptionalValue(key, String.class).orElse("").isBlank()) {
                missing.add(key);
            }
        }
        if (!missing.isEmpty()) {
            throw new IllegalStateException(String.join(" and ", missing) + (missing.size() == 1 ? " is" : " are")
                    + " not set: the gateway registers every instance it receives in study-index-service,"
                    + " with its own client-credentials token from identity-service");
        }
    }
}
