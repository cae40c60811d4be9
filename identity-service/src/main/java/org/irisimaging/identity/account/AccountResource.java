package org.irisimaging.identity.account;

import io.quarkus.security.identity.SecurityIdentity;
import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.irisimaging.baseline.problem.ProblemException;
import org.irisimaging.baseline.problem.ProblemType;
import org.irisimaging.identity.IdentityConfig;
import org.irisimaging.identity.credential.PasswordPolicy;

import java.net.URI;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The account API: registration (public), and the administrators' view and decisions. The
 * caller's own account is {@link MyAccountResource}.
 */
@Path("/api/accounts")
@Tag(name = "Accounts")
@Produces(MediaType.APPLICATION_JSON)
public class AccountResource {

    private final AccountService accounts;
    private final AccountAdministration administration;
    private final IdentityConfig config;
    private final PasswordPolicy policy;
    private final SecurityIdentity caller;
    private final JsonWebToken token;

    AccountResource(AccountService accounts, AccountAdministration administration, IdentityConfig config,
                    PasswordPolicy policy, SecurityIdentity caller, JsonWebToken token) {
        this.accounts = accounts;
        this.administration = administration;
        this.config = config;
        this.policy = policy;
        this.caller = caller;
        this.token = token;
    }

    @POST
    @PermitAll
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Register as a practitioner (accepting the charter in force); an administrator approves")
    public Response register(@Valid @NotNull AccountRequests.Registration registration) {
        Account account = accounts.register(registration);
        return Response.created(URI.create("/api/accounts/" + account.id)).entity(AccountView.of(account)).build();
    }

    @GET
    @Path("charter")
    @PermitAll
    @Operation(summary = "The charter version a registration must accept")
    public AccountRequests.Charter charter() {
        return new AccountRequests.Charter(config.charter().version());
    }

    @GET
    @Path("password-policy")
    @PermitAll
    @Operation(summary = "The password policy a new password must meet")
    public PasswordPolicy.Rules passwordPolicy() {
        return policy.rules();
    }

    @GET
    @RolesAllowed({AccountAdministration.SITE_ADMIN, AccountAdministration.PLATFORM_ADMIN})
    @Operation(summary = "Accounts the caller administers, optionally by status "
            + "(PENDING_APPROVAL, ACTIVE, SUSPENDED, REVOKED), oldest first")
    public List<AccountView> list(@QueryParam("status") String status) {
        Optional<Account> me = AccountAdministration.callerAccount(token);
        return accounts.list(status == null ? null : status(status)).stream()
                .filter(a -> administration.manages(caller, me, a))
                .map(AccountView::of)
                .toList();
    }

    @GET
    @Path("{id}")
    @RolesAllowed({AccountAdministration.SITE_ADMIN, AccountAdministration.PLATFORM_ADMIN})
    @Operation(summary = "One account the caller administers")
    public AccountView get(@PathParam("id") String id) {
        return AccountView.of(managed(id));
    }

    @POST
    @Path("{id}/approve")
    @RolesAllowed({AccountAdministration.SITE_ADMIN, AccountAdministration.PLATFORM_ADMIN})
    @Operation(summary = "Approve a pending registration: the account may sign in")
    public AccountView approve(@PathParam("id") String id) {
        return decide(id, AccountService.Decision.APPROVE);
    }

    @POST
    @Path("{id}/suspend")
    @RolesAllowed({AccountAdministration.SITE_ADMIN, AccountAdministration.PLATFORM_ADMIN})
    @Operation(summary = "Suspend an active account; its sessions and refresh tokens end")
    public AccountView suspend(@PathParam("id") String id) {
        return decide(id, AccountService.Decision.SUSPEND);
    }

    @POST
    @Path("{id}/reinstate")
    @RolesAllowed({AccountAdministration.SITE_ADMIN, AccountAdministration.PLATFORM_ADMIN})
    @Operation(summary = "Reinstate a suspended account")
    public AccountView reinstate(@PathParam("id") String id) {
        return decide(id, AccountService.Decision.REINSTATE);
    }

    @POST
    @Path("{id}/revoke")
    @RolesAllowed({AccountAdministration.SITE_ADMIN, AccountAdministration.PLATFORM_ADMIN})
    @Operation(summary = "Revoke an account for good; its sessions and refresh tokens end")
    public AccountView revoke(@PathParam("id") String id) {
        return decide(id, AccountService.Decision.REVOKE);
    }

    /** An unknown status is the caller's mistake (400), not an unknown resource (JAX-RS' 404). */
    private static Account.Status status(String value) {
        try {
            return Account.Status.valueOf(value);
        } catch (IllegalArgumentException e) {
            throw new ProblemException(ProblemType.INVALID_QUERY_PARAMETER,
                    "status must be one of PENDING_APPROVAL, ACTIVE, SUSPENDED, REVOKED");
        }
    }

    private AccountView decide(String id, AccountService.Decision decision) {
        Account target = managed(id);
        UUID adminId = AccountAdministration.callerAccount(token).map(a -> a.id).orElse(null);
        return AccountView.of(accounts.decide(target, decision, adminId));
    }

    private Account managed(String id) {
        Optional<Account> target;
        try {
            target = Account.findByIdOptional(UUID.fromString(id));
        } catch (IllegalArgumentException e) {
            target = Optional.empty();
        }
        return target.filter(a -> administration.manages(caller, AccountAdministration.callerAccount(token), a))
                .orElseThrow(() -> ProblemException.notFound("No such account"));
    }
}
