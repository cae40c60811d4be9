package org.irisimaging.identity.account;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** An account as the account API shows it (never the password hash or lockout counters). */
public record AccountView(
        UUID id,
        String username,
        String idNatPs,
        String givenName,
        String familyName,
        String profession,
        String email,
        String phone,
        List<String> roles,
        List<String> establishments,
        Account.Status status,
        String charterVersion,
        Instant charterAcceptedAt,
        Instant createdAt,
        Instant statusChangedAt,
        boolean hasPassword,
        Account.OtpChannel otpChannel,
        Instant cpsFirstSignInAt) {

    public static AccountView of(Account a) {
        return new AccountView(a.id, a.username, a.idNatPs, a.givenName, a.familyName, a.profession, a.email, a.phone,
                List.of(a.roles), List.of(a.establishments), a.status, a.charterVersion, a.charterAcceptedAt,
                a.createdAt, a.statusChangedAt, a.passwordHash != null, a.otpChannel, a.cpsFirstSignInAt);
    }
}
