package org.irisimaging.gateway.index;

import io.quarkus.oidc.client.filter.OidcClientFilter;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/**
 * study-index-service's instance registration API, called with the gateway's own client-credentials
 * token from identity-service (role {@code ingest}). Used through {@link StudyIndexClient}, which
 * owns retries and maps the answers.
 */
@RegisterRestClient(configKey = "study-index")
@OidcClientFilter
@Path("/api/instances")
public interface StudyIndexApi {

    /**
     * Registers an instance. 201/200 with a {@link RegisteredInstance}; 409 problem
     * {@code urn:iris:problem:sop-instance-conflict} when the SOP Instance UID is registered under
     * another study or series; 400 problem for invalid content.
     */
    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    Response registerInstance(InstanceRegistration registration);
}
