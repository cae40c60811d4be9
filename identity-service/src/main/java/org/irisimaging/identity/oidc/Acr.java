package org.irisimaging.identity.oidc;

/**
 * The authentication context class references ({@code acr}) and method references ({@code amr},
 * RFC 8176) that identity-service puts in tokens.
 */
public final class Acr {

    /** Password then a one-time code (two factors, knowledge + possession of the mailbox or phone). */
    public static final String PASSWORD_OTP = "urn:iris:acr:pwd-otp";
    /** Dev profile only: no authentication at all. */
    public static final String DEV = "urn:iris:acr:dev";

    /** amr of a password + one-time code sign-in. */
    public static final java.util.List<String> AMR_PASSWORD_OTP = java.util.List.of("pwd", "otp", "mfa");

    /** The {@code method} of SignInAttempted events for the password + one-time code sign-in. */
    public static final String METHOD_PASSWORD_OTP = "pwd+otp";

    private Acr() {
    }
}
