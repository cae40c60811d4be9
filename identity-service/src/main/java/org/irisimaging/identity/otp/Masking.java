package org.irisimaging.identity.otp;

/** Hides most of an e-mail address or phone number for display and logs. */
public final class Masking {

    private Masking() {
    }

    /** {@code claire.martin@example.org} → {@code c***@example.org}. */
    public static String email(String email) {
        if (email == null) {
            return "";
        }
        int at = email.indexOf('@');
        if (at <= 0) {
            return "***";
        }
        return email.charAt(0) + "***" + email.substring(at);
    }

    /** Keeps the first three and last two characters: {@code +33612345678} → {@code +33*******78}. */
    public static String phone(String phone) {
        if (phone == null) {
            return "";
        }
        if (phone.length() <= 5) {
            return "*".repeat(phone.length());
        }
        return phone.substring(0, 3) + "*".repeat(phone.length() - 5) + phone.substring(phone.length() - 2);
    }
}
