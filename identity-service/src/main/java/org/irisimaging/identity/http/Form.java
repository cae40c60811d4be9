package org.irisimaging.identity.http;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The one decoder of {@code application/x-www-form-urlencoded} text in identity-service: form
 * bodies, query strings and (through {@link BasicCredentials}) the client id and secret of HTTP
 * Basic (RFC 6749 §2.3.1 form-encodes them). Strict where the JDK's and the framework's decoders
 * throw or guess: a '%' not followed by two hex digits, bytes that are not UTF-8 and control
 * characters (NUL first: PostgreSQL refuses it in text) are a {@link MalformedInput}.
 *
 * @param parameters names and their values, in the order sent
 */
public record Form(Map<String, List<String>> parameters) {

    /** Upper bound on the number of parameters, so that a huge form cannot fill a map. */
    static final int MAX_PARAMETERS = 256;

    public Form {
        parameters = Collections.unmodifiableMap(parameters);
    }

    /** Decodes a form body (bytes as received). */
    public static Form parse(byte[] body) {
        return parse(body == null ? "" : new String(body, StandardCharsets.ISO_8859_1));
    }

    /**
     * Decodes a form body or a raw (still encoded) query string. Each char of {@code encoded} is
     * taken as one byte, so a body read as Latin-1 keeps its raw bytes for the UTF-8 check.
     */
    public static Form parse(String encoded) {
        Map<String, List<String>> parameters = new LinkedHashMap<>();
        if (encoded == null || encoded.isEmpty()) {
            return new Form(parameters);
        }
        int count = 0;
        for (String pair : encoded.split("&", -1)) {
            if (pair.isEmpty()) {
                continue;
            }
            if (++count > MAX_PARAMETERS) {
                throw new MalformedInput("More than " + MAX_PARAMETERS + " parameters");
            }
            int eq = pair.indexOf('=');
            String name = decode(eq < 0 ? pair : pair.substring(0, eq));
            String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
            parameters.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
        }
        return new Form(parameters);
    }

    /** The single value of {@code name}, or null when absent. */
    public String first(String name) {
        List<String> values = parameters.get(name);
        return values == null || values.isEmpty() ? null : values.getFirst();
    }

    /** Decodes one form-encoded component: '+' is a space, %XX a byte, the bytes UTF-8. */
    public static String decode(String component) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(component.length());
        for (int i = 0; i < component.length(); i++) {
            char c = component.charAt(i);
            if (c == '+') {
                bytes.write(' ');
            } else if (c == '%') {
                if (i + 2 >= component.length()) {
                    throw new MalformedInput("Truncated percent-escape");
                }
                int high = Character.digit(component.charAt(i + 1), 16);
                int low = Character.digit(component.charAt(i + 2), 16);
                if (high < 0 || low < 0) {
                    throw new MalformedInput("Invalid percent-escape");
                }
                bytes.write(high << 4 | low);
                i += 2;
            } else if (c > 0xFF) {
                throw new MalformedInput("Not a byte string");
            } else {
                bytes.write(c);
            }
        }
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes.toByteArray()))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new MalformedInput("Not UTF-8");
        }
        requirePlainText(text);
        return text;
    }

    /** Refuses control characters (see {@link #isPlainText}). */
    public static void requirePlainText(String text) {
        if (!isPlainText(text)) {
            throw new MalformedInput("Control character");
        }
    }

    /** Whether {@code text} is free of control characters: C0 but tab, CR and LF; DEL; C1. */
    public static boolean isPlainText(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isISOControl(c) && c != '\t' && c != '\n' && c != '\r') {
                return false;
            }
        }
        return true;
    }
}
