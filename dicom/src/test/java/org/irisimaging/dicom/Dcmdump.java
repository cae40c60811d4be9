package org.irisimaging.dicom;

import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** dcmtk's dcmdump, run as a real process: the reference reading of a file. */
public final class Dcmdump {

    /** A top-level element line: "(0008,0018) UI [1.2.3]   # 6, 1 SOPInstanceUID". */
    private static final Pattern LINE = Pattern.compile("^\\(([0-9a-f]{4}),([0-9a-f]{4})\\) (\\w\\w) (.*?)\\s+#.*$");
    private static final Pattern BRACKETED = Pattern.compile("^\\[(.*)\\]$");
    private static final java.util.Set<String> NUMERIC_VRS = java.util.Set.of("US", "SS", "UL", "SL", "FL", "FD");
    private static final Pattern HEX_BYTES = Pattern.compile("^[0-9a-f]{2}(\\\\[0-9a-f]{2})*$");

    /** Exit code and the top-level elements ("gggg,eeee" lower case, to value or null if empty). */
    public record Dump(int exitCode, Map<String, String> topLevel, String stderr) {
        public boolean ok() {
            return exitCode == 0;
        }

        public boolean has(String tag) {
            return topLevel.containsKey(tag);
        }

        public String value(String tag) {
            return topLevel.get(tag);
        }
    }

    private Dcmdump() {
    }

    public static Dump dump(Path file, String... options) throws IOException {
        return dump(file, StandardCharsets.ISO_8859_1, options);
    }

    static Dump dump(Path file, Charset charset, String... options) throws IOException {
        List<String> command = new ArrayList<>(List.of("dcmdump", "-q", "+L", "-Un"));
        command.addAll(List.of(options));
        command.add(file.toString());
        Processes.Result r;
        try {
            r = Processes.run(command, charset);
        } catch (IOException e) {
            throw new IOException("cannot run dcmdump (Debian package dcmtk; run scripts/bootstrap.sh)", e);
        }
        Map<String, String> elements = new HashMap<>();
        for (String line : r.stdout().split("\n")) {
            Matcher m = LINE.matcher(line); // top level only: nested lines are indented
            if (m.matches()) {
                elements.putIfAbsent(m.group(1) + "," + m.group(2), value(m.group(3), m.group(4)));
            }
        }
        return new Dump(r.exitCode(), elements, r.stderr());
    }

    /** A printed value: "[text]", a binary number, or for VR UN the bytes in hex ("31\\2e\\32\\00") decoded as ASCII. */
    private static String value(String vr, String printed) {
        Matcher bracketed = BRACKETED.matcher(printed);
        String value = null;
        if (bracketed.matches()) {
            value = bracketed.group(1);
        } else if (NUMERIC_VRS.contains(vr) && !printed.startsWith("(")) {
            value = printed; // binary numbers print unbracketed, "8" or "1\\2"
        } else if (vr.equals("UN") && HEX_BYTES.matcher(printed).matches()) {
            StringBuilder text = new StringBuilder();
            for (String hex : printed.split("\\\\")) {
                text.append((char) Integer.parseInt(hex, 16));
            }
            value = text.toString().replaceAll("[\\x00 ]+$", "");
        }
        return value == null || value.isEmpty() ? null : value;
    }
}
