package org.irisimaging.identity.http;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;

/**
 * HTTP Basic credentials of an OAuth client (RFC 6749 §2.3.1: client id and secret are
 * form-encoded, then joined by ':' and base64-encoded), decoded through {@link Form}.
 *
 * @param id     the client id
 * @param secret the client secret
 */
public record BasicCredentials(String id, String secret) {

    private static final String SCHEME = "Basic ";

    /** Whether {@code authorization} uses the Basic scheme (well-formed or not). */
    public static boolean isBasic(String authorization) {
        return authorization != null && authorization.regionMatches(true, 0, SCHEME, 0, SCHEME.length());
    }

    /**
     * The credentials of a Basic {@code Authorization} header; empty for another scheme or none.
     *
     * @throws MalformedInput when the header says Basic but cannot be decoded
     */
    public static Optional<BasicCredentials> parse(String authorization) {
        if (!isBasic(authorization)) {
            return Optional.empty();
        }
        byte[] raw;
        try {
            raw = Base64.getDecoder().decode(authorization.substring(SCHEME.length()).trim());
        } catch (IllegalArgumentException e) {
            throw new MalformedInput("Basic credentials are not base64");
        }
        // One char per byte: Form.decode checks the bytes (raw or escaped) are UTF-8.
        String decoded = new String(raw, StandardCharsets.ISO_8859_1);
        int colon = decoded.indexOf(':');
        if (colon < 0) {
            throw new MalformedInput("Basic credentials without ':'");
        }
        return Optional.of(new BasicCredentials(Form.decode(decoded.substring(0, colon)),
                Form.decode(decoded.substring(colon + 1))));
    }
}
