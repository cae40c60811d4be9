package org.irisimaging.identity.cps.card;

import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.irisimaging.identity.oidc.RemoteAddress;
import org.irisimaging.identity.signin.Pages;

/** Back from the TLS listener with a verified card: signs the browser in and answers the authorization request. */
@Path(CardHandoff.COMPLETION_PATH)
@Tag(name = "Sign-in pages")
public class CardCompletionResource {

    private final CardHandoff handoff;

    CardCompletionResource(CardHandoff handoff) {
        this.handoff = handoff;
    }

    @GET
    @Produces(MediaType.TEXT_HTML)
    @Operation(summary = "Complete a CPS card sign-in (the ticket from the TLS listener)")
    public Response complete(@QueryParam("ticket") String ticket, @Context HttpHeaders headers,
                             @Context HttpServerRequest request) {
        return handoff.complete(headers, ticket, RemoteAddress.of(request), Pages.locale(headers));
    }
}
