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
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
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
