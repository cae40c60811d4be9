package org.irisimaging.identity.http;

/**
 * A request whose form, query or Basic credentials cannot be decoded: a broken percent-escape,
 * bytes that are not UTF-8, or a control character. Each endpoint answers it in its own error
 * shape (OAuth error, page, problem) — always a 4xx.
 */
public class MalformedInput extends RuntimeException {

    public MalformedInput(String message) {
        super(message, null, false, false);
    }
}
