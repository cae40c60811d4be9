package org.irisimaging.gateway.dimse;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** dcmtk's network tools (Debian package dcmtk, installed by scripts/bootstrap.sh), as real processes. */
final class Dcmtk {

    record Result(int exitCode, String output) {
    }

    private Dcmtk() {
    }

    /** {@code echoscu -aet calling -aec called [options] 127.0.0.1 port}. */
    static Result echoscu(String calling, String called, int port, String... options) throws IOException {
        List<String> command = new ArrayList<>(List.of("echoscu", "-aet", calling, "-aec", called));
        command.addAll(List.of(options));
        command.addAll(List.of("127.0.0.1", Integer.toString(port)));
        return run(command);
    }

    /** {@code storescu -aet calling -aec called 127.0.0.1 port file}. */
    static Result storescu(String calling, String called, int port, String file) throws IOException {
        return run(List.of("storescu", "-aet", calling, "-aec", called, "127.0.0.1", Integer.toString(port), file));
    }

    /**
     * {@code storescu -v -aet calling -aec called [options] 127.0.0.1 port files...}: one association
     * for all the files, in order; {@code -v} prints one "Received Store Response (...)" line each.
     */
    static Result storescu(String calling, String called, int port, List<String> options, List<java.nio.file.Path> files)
            throws IOException {
        List<String> command = new ArrayList<>(List.of("storescu", "-v", "-aet", calling, "-aec", called));
        command.addAll(options);
        command.addAll(List.of("127.0.0.1", Integer.toString(port)));
        files.forEach(f -> command.add(f.toString()));
        return run(command);
    }

    /** The statuses storescu -v reported, in order ("Success", "Refused: OutOfResources", ...). */
    static List<String> storeResponses(Result result) {
        return result.output().lines()
                .filter(l -> l.contains("Received Store Response ("))
                .map(l -> l.substring(l.indexOf("Received Store Response (") + 25, l.lastIndexOf(')')))
                .toList();
    }

    static Result run(List<String> command) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().put("TCP_NODELAY", "1"); // Debian's dcmtk otherwise waits ~40 ms per PDU
        Process p;
        try {
            p = builder.start();
        } catch (IOException e) {
            throw new IOException(command.get(0) + " not found: install the Debian package dcmtk (scripts/bootstrap.sh)", e);
        }
        p.getOutputStream().close();
        CompletableFuture<String> output = CompletableFuture.supplyAsync(() -> {
            try {
                return new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                return "";
            }
        });
        try {
            if (!p.waitFor(300, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException("timed out: " + command);
            }
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted: " + command, e);
        }
        return new Result(p.exitValue(), output.join());
    }
}
