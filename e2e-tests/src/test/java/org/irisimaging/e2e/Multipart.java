package org.irisimaging.e2e;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Splits a multipart/related response into its part bodies (test side, independent of the gateway's code). */
public final class Multipart {

    private static final Pattern BOUNDARY = Pattern.compile("boundary=\"?([^\";]+)\"?");

    private Multipart() {
    }

    public static List<byte[]> parts(HttpResponse<byte[]> response) {
        String type = response.headers().firstValue("Content-Type").orElseThrow();
        Matcher m = BOUNDARY.matcher(type);
        if (!m.find()) {
            throw new AssertionError("No boundary in " + type);
        }
        byte[] body = response.body();
        byte[] delimiter = ("--" + m.group(1)).getBytes(StandardCharsets.US_ASCII);
        List<byte[]> parts = new ArrayList<>();
        int at = indexOf(body, delimiter, 0);
        while (at >= 0) {
            int lineEnd = at + delimiter.length;
            if (body[lineEnd] == '-' && body[lineEnd + 1] == '-') {
                break;
            }
            int headersEnd = indexOf(body, "\r\n\r\n".getBytes(StandardCharsets.US_ASCII), lineEnd) + 4;
            int next = indexOf(body, ("\r\n--" + m.group(1)).getBytes(StandardCharsets.US_ASCII), headersEnd);
            parts.add(Arrays.copyOfRange(body, headersEnd, next));
            at = next + 2;
        }
        return parts;
    }

    private static int indexOf(byte[] data, byte[] pattern, int from) {
        outer:
        for (int i = from; i <= data.length - pattern.length; i++) {
            for (int j = 0; j < pattern.length; j++) {
                if (data[i + j] != pattern[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
