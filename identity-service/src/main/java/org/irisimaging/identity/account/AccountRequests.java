package org.irisimaging.identity.account;

import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.irisimaging.identity.http.PlainText;

import java.util.List;

/** Bodies of the account API. */
public final class AccountRequests {

    /** FINESS number: 9 characters, the department may be 2A or 2B. */
    static final String FINESS = "\\d[\\dAB]\\d{7}";
    /** E.164 phone number. */
    static final String PHONE = "\\+[1-9]\\d{7,14}";

    private AccountRequests() {
    }

    /** A practitioner's registration; the account waits for an administrator's approval. */
    public record Registration(
            @NotBlank @Pattern(regexp = "8\\d{11}|0\\d[\\dAB]\\d{7}", message = "must be an idNat_PS (8+RPPS or 0+ADELI)")
            String idNatPs,
            @NotBlank @PlainText @Size(max = 100) String givenName,
            @NotBlank @PlainText @Size(max = 100) String familyName,
            @PlainText @Size(max = 100) String profession,
            @NotEmpty @Size(max = 20) List<@NotNull @Pattern(regexp = FINESS, message = "must be a FINESS number") String> establishments,
            @NotBlank @PlainText @Email @Size(max = 254) String email,
            @Pattern(regexp = PHONE, message = "must be an international number (+33...)") String phone,
            @PlainText @Size(max = 1024) String password,
            @NotBlank @PlainText @Size(max = 100) String charterVersion) {
    }

    /** Contact details of the caller's own account. */
    public record Contact(
            @NotBlank @PlainText @Email @Size(max = 254) String email,
            @Pattern(regexp = PHONE, message = "must be an international number (+33...)") String phone) {
    }

    /** The channel of the one-time codes; null switches password + code sign-in off. */
    public record OtpSetting(Account.OtpChannel channel) {
    }

    /** A new password; the current one is required when the account already has one. */
    public record PasswordChange(@PlainText @Size(max = 1024) String currentPassword,
                                 @NotNull @PlainText @Size(max = 1024) String newPassword) {
    }

    /** The charter in force. */
    public record Charter(String version) {
    }
}
