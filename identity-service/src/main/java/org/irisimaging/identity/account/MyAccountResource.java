package org.irisimaging.identity.account;

import io.quarkus.security.Authenticated;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.irisimaging.baseline.problem.ProblemException;

import java.util.UUID;

/** The signed-in person's own account: contact details, password and one-time code channel. */
@Path("/api/accounts/me")
@Tag(name = "Accounts")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
public class MyAccountResource {

    private final AccountService accounts;
    private final JsonWebToken token;

    MyAccountResource(AccountService accounts, JsonWebToken token) {
        this.accounts = accounts;
        this.token = token;
    }

    @GET
    @Operation(summary = "The caller's account")
    public AccountView me() {
        return AccountView.of(AccountAdministration.callerAccount(token)
                .orElseThrow(() -> ProblemException.notFound("The caller has no account")));
    }

    @PUT
    @Path("contact")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Set the e-mail address and mobile phone number")
    public AccountView contact(@Valid @NotNull AccountRequests.Contact contact) {
        return AccountView.of(accounts.updateContact(myId(), contact));
    }

    @PUT
    @Path("password")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Set or change the password (policy applies)")
    public AccountView password(@Valid @NotNull AccountRequests.PasswordChange change) {
        return AccountView.of(accounts.changePassword(myId(), change));
    }

    @PUT
    @Path("otp")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Choose where one-time codes go (EMAIL, SMS) or switch password sign-in off (null)")
    public AccountView otp(@Valid @NotNull AccountRequests.OtpSetting setting) {
        return AccountView.of(accounts.setOtpChannel(myId(), setting.channel()));
    }

    private UUID myId() {
        return AccountAdministration.callerAccount(token).map(a -> a.id)
                .orElseThrow(() -> ProblemException.notFound("The caller has no account"));
    }
}
