package org.irisimaging.dicom;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** Runs real external programs (dcmtk, dpkg) for tests. */
public final class Processes {

    public record Result(int exitCode, String stdout, String stderr) {
    }

    private Processes() {
    }

    public static Result run(List<String> command) throws IOException {
        return run(command, StandardCharsets.UTF_8);
    }

    static Result run(List<String> command, Charset charset) throws IOException {
        Process p = new ProcessBuilder(command).start();
        p.getOutputStream().close(); // no stdin
        CompletableFuture<String> out = drain(p.getInputStream(), charset);
        CompletableFuture<String> err = drain(p.getErrorStream(), charset);
        try {
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException("timed out: " + command);
            }
            return new Result(p.exitValue(), out.join(), err.join());
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted: " + command, e);
        }
    }

    private static CompletableFuture<String> drain(InputStream in, Charset charset) {
        return CompletableFuture.supplyAsync(() -> {
            try (in) {
                return new String(in.readAllBytes(), charset);
            } catch (IOException e) {
                return "";
            }
        });
    }
}
