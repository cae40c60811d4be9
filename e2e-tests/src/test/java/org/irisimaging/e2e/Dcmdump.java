package org.irisimaging.e2e;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Collectors;

/**
 * dcmtk's dcmdump as an independent reader: the data set as text, without group 0002 (rewritten by
 * every receiver) and without Data Set Trailing Padding (FFFC,FFFC), which PS3.10 lets any
 * application drop.
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
                .collect(Collectors.joining("\n"));
    }
}
