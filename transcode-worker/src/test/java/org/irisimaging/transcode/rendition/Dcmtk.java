package org.irisimaging.transcode.rendition;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** dcmtk's tools run as real processes on rendition files: the reference reading of what is stored. */
final class Dcmtk {

    record Result(int exitCode, String output) {
    }

    private Dcmtk() {
    }

    static Result run(String tool, Path... files) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(tool));
        if (tool.equals("dcmdump")) {
            command.addAll(List.of("-q", "+L", "-Un"));
        }
        for (Path file : files) {
            command.add(file.toString());
        }
        Process process;
        try {
            process = new ProcessBuilder(command).redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new IOException("cannot run " + tool + " (Debian package dcmtk; run scripts/bootstrap.sh)", e);
        }
        process.getOutputStream().close();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IOException(tool + " timed out");
        }
        return new Result(process.exitValue(), output);
    }

    /** The value dcmdump prints for top-level element {@code tag} ("0028,2110"), brackets removed. */
    static String value(String dump, String tag) {
        for (String line : dump.split("\n")) {
            if (line.startsWith("(" + tag.toLowerCase() + ")")) {
                String printed = line.substring(15, line.indexOf('#')).trim();
                return printed.startsWith("[") ? printed.substring(1, printed.lastIndexOf(']')) : printed;
            }
        }
        return null;
    }
}
