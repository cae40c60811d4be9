package org.irisimaging.dicom.multipart;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * A parsed {@code multipart/related} media type with its parameters ({@code type}, {@code boundary},
 * {@code transfer-syntax}...), as in STOW-RS Content-Type and WADO-RS Accept headers.
 *
 * @param mediaType  e.g. {@code multipart/related}, lower case
 * @param parameters parameter names in lower case, values unquoted
 */
public record MultipartRelatedType(String mediaType, Map<String, String> parameters) {

    /** Parses {@code media/type; name=value; name="quoted value"}; null when the header is blank. */
    public static MultipartRelatedType parse(String header) {
        if (header == null || header.isBlank()) {
            return null;
        }
        Map<String, String> parameters = new LinkedHashMap<>();
        int semicolon = header.indexOf(';');
        String mediaType = (semicolon < 0 ? header : header.substring(0, semicolon)).trim().toLowerCase(Locale.ROOT);
        int i = semicolon < 0 ? header.length() : semicolon + 1;
        while (i < header.length()) {
            int eq = header.indexOf('=', i);
            if (eq < 0) {
                break;
            }
            String name = header.substring(i, eq).trim().toLowerCase(Locale.ROOT);
            int j = eq + 1;
            while (j < header.length() && header.charAt(j) == ' ') {
                j++;
            }
            String value;
            if (j < header.length() && header.charAt(j) == '"') {
                StringBuilder quoted = new StringBuilder();
                j++;
                while (j < header.length() && header.charAt(j) != '"') {
                    char c = header.charAt(j);
                    if (c == '\\' && j + 1 < header.length()) {
                        c = header.charAt(++j);
                    }
                    quoted.append(c);
                    j++;
                }
                value = quoted.toString();
                int next = header.indexOf(';', j);
                i = next < 0 ? header.length() : next + 1;
            } else {
                int next = header.indexOf(';', j);
                value = (next < 0 ? header.substring(j) : header.substring(j, next)).trim();
                i = next < 0 ? header.length() : next + 1;
            }
            if (!name.isEmpty()) {
                parameters.put(name, value);
            }
        }
        return new MultipartRelatedType(mediaType, parameters);
    }

    public String parameter(String name) {
        return parameters.get(name.toLowerCase(Locale.ROOT));
    }

    /**
     * Whether the {@code type} parameter leaves the part type to the server: absent, or a wildcard
     * ({@code *}/{@code *}, as the Python dicomweb-client sends for frames and bulk data). Either
     * way the client gets the default representation.
     */
    public boolean asksDefaultPartType() {
        String type = parameter("type");
        return type == null || type.isBlank() || type.trim().equals("*/*");
    }
}
