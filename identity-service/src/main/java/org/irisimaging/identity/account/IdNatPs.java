package org.irisimaging.identity.account;

import java.util.regex.Pattern;

/**
 * The national identifier of a health professional (idNat_PS, identifiant national des
 * professionnels de santé): "8" followed by the 11-digit RPPS number, or "0" followed by the
 * 9-character ADELI number (whose department may be 2A or 2B).
 */
public final class IdNatPs {

    private static final Pattern FORMAT = Pattern.compile("8\\d{11}|0\\d[\\dAB]\\d{7}");

    private IdNatPs() {
    }

    public static boolean isValid(String value) {
        return value != null && FORMAT.matcher(value).matches();
    }
}
