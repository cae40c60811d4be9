package org.irisimaging.e2e;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Collectors;

/**
 * dcmtk's dcmdump as an independent reader: the data set as text, without group 0002 (rewritten by
 * every receiver), without Data Set Trailing Padding (FFFC,FFFC), which PS3.10 lets any
 * application drop, and without how sequence and item lengths are encoded.
 */
final class Dcmdump {

    private Dcmdump() {
    }

    static String dataSet(byte[] part10) throws IOException, InterruptedException {
        Path file = Files.createTempFile("part", ".dcm");
        try {
            Files.write(file, part10);
            return dataSet(file);
        } finally {
            Files.deleteIfExists(file);
        }
    }

    /** Every attribute with its full value ({@code +L}: long values and pixel data printed whole). */
    static String dataSet(Path file) throws IOException, InterruptedException {
        Process dump = new ProcessBuilder("dcmdump", "+L", "-q", file.toString()).redirectErrorStream(true).start();
        String text = new String(dump.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (dump.waitFor() != 0) {
            throw new IOException("dcmdump failed: " + text);
        }
        return text.lines()
                .filter(line -> !line.startsWith("#") && !line.isBlank() && !line.startsWith("(0002,")
                        && !line.startsWith("(fffc,fffc)"))
                .map(Dcmdump::withoutLengthEncoding)
                .collect(Collectors.joining("\n"));
    }

    /**
     * A sequence or item line without how its length was encoded (explicit, or undefined with
     * delimiters): an encoding choice of each writer, not an attribute value (PS3.5 7.5).
     */
    private static String withoutLengthEncoding(String line) {
        String trimmed = line.strip();
        if (!trimmed.startsWith("(fffe,") && !SEQUENCE.matcher(trimmed).lookingAt()) {
            return line;
        }
        return line.replace("with explicit length ", "").replace("with undefined length ", "")
                .replace(" for re-encoding", "").replace(" for re-encod.", "")
                .replaceAll("#\\s*(\\d+|u/l),", "#")
                .replaceAll("\\s+", " ");
    }

    private static final java.util.regex.Pattern SEQUENCE = java.util.regex.Pattern.compile("\\([0-9a-f]{4},[0-9a-f]{4}\\) SQ ");
}
