package org.irisimaging.identity.oidc;

/**
 * The authentication context class references ({@code acr}) and method references ({@code amr},
 * RFC 8176) that identity-service puts in tokens.
 */
public final class Acr {

    /** Password then a one-time code (two factors, knowledge + possession of the mailbox or phone). */
    public static final String PASSWORD_OTP = "urn:iris:acr:pwd-otp";
    /** The CPS card (carte de professionnel de santé) over mutual TLS, its key unlocked by the PIN. */
    public static final String CPS_CARD = "urn:iris:acr:cps-card";
    /** Federation: the upstream provider (Pro Santé Connect) authenticated the practitioner at eidas1. */
    public static final String CPS_FEDERATION = "urn:iris:acr:psc";
    /** Dev profile only: no authentication at all. */
    public static final String DEV = "urn:iris:acr:dev";

    /** amr of a password + one-time code sign-in. */
    public static final java.util.List<String> AMR_PASSWORD_OTP = java.util.List.of("pwd", "otp", "mfa");

    /**
     * amr of a CPS card sign-in: a smart card ({@code sc}) proves possession of its hardware key
     * ({@code hwk}) in the TLS handshake, and the card releases that key only after its PIN ({@code pin}).
     */
    public static final java.util.List<String> AMR_CPS_CARD = java.util.List.of("sc", "hwk", "pin", "mfa");

    /**
     * amr of a federated sign-in: at eidas1 Pro Santé Connect accepts a CPS card or the e-CPS app,
     * both proof of possession of a key ({@code pop}) unlocked by a PIN; which one is not told.
     */
    public static final java.util.List<String> AMR_CPS_FEDERATION = java.util.List.of("pop", "mfa");

    /** The {@code method} of SignInAttempted events for the CPS card. */
    public static final String METHOD_CPS_CARD = "x509";

    /** The {@code method} of SignInAttempted events for the federation. */
    public static final String METHOD_CPS_FEDERATION = "fed";

    /** The {@code method} of SignInAttempted events for the password + one-time code sign-in. */
    public static final String METHOD_PASSWORD_OTP = "pwd+otp";

    private Acr() {
    }
}
