package org.irisimaging.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import org.assertj.core.api.SoftAssertions;
import org.irisimaging.e2e.fuzz.FuzzCorpus;
import org.irisimaging.e2e.fuzz.FuzzFigures;
import org.irisimaging.e2e.fuzz.FuzzFigures.Outcome;
import org.irisimaging.e2e.fuzz.MutatedInstance;
import org.irisimaging.e2e.fuzz.MutatedInstances;
import org.irisimaging.e2e.fuzz.RawStoreScu;
import org.irisimaging.e2e.fuzz.StoredInstances;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The fuzz suite (docs/security-tests.md, "Fuzz suite"): more than a thousand mutated DICOM
 * instances ({@link MutatedInstances}), each sent to the real platform by STOW-RS and by C-STORE.
 * Every one must be stored whole or refused with a clear status: no 5xx, no dropped connection or
 * association, and afterwards no partial row (indexed but not retrievable whole) and no orphan
 * blob. Prints the figures and writes them to {@code target/fuzz-figures.md}.
 */
@ExtendWith(PlatformExtension.class)
class IngestFuzzTest {

    private static final String BOUNDARY = "iris-fuzz-5b1f0c2e9a7d4c38b6e2f1a0d9c8b7a6";
    private static final int STOW_THREADS = 4;
    private static final int ASSOCIATIONS = 3;
    private static final int DIMSE_PORT = 11112;
    /** Long enough for a bomb to be inflated and refused; beyond it, the answer counts as dropped. */
    private static final Duration ANSWER_TIMEOUT = Duration.ofSeconds(120);

    private final RunningPlatform platform = PlatformExtension.platform();
    private final FuzzFigures figures = new FuzzFigures();
    /** SOP Instance UID → the data set sent, for every instance a channel reported stored. */
    private final Map<String, byte[]> stored = new ConcurrentHashMap<>();

    @Test
    void mutatedInstancesAreStoredWholeOrRefusedClearlyByBothChannels() throws Exception {
        long begin = System.nanoTime();
        List<Path> corpus = FuzzCorpus.files();
        String token = platform.serviceToken();

        List<MutatedInstance> overStow = MutatedInstances.generate(corpus, 1);
        long generated = System.nanoTime();
        sendByStow(first(overStow, true), token);
        sendByStow(first(overStow, false), token);
        long stowed = System.nanoTime();
        // C-STORE carries no File Meta Information: its mutations would be clean copies there
        List<MutatedInstance> overCStore = MutatedInstances.generate(corpus, 2).stream()
                .filter(i -> !i.mutation().equals("meta")).toList();
        sendByCStore(first(overCStore, true));
        sendByCStore(first(overCStore, false));
        long cStored = System.nanoTime();
        StoredInstances.check(platform.dataDir, platform.serviceToken(), stored, figures);
        System.out.printf("[fuzz] generated in %.1f s, STOW-RS %.1f s, C-STORE %.1f s, checks %.1f s%n",
                (generated - begin) / 1e9, (stowed - generated) / 1e9, (cStored - stowed) / 1e9,
                (System.nanoTime() - cStored) / 1e9);

        long seconds = (System.nanoTime() - begin) / 1_000_000_000L;
        String table = "Seeds: " + MutatedInstances.seedCount(overStow) + " (pydicom corpus and synthetic), "
                + "random seed " + MutatedInstances.SEED + ".\n\n" + figures.table(seconds);
        System.out.println("[fuzz] figures\n" + table);
        String findings = figures.findings();
        Path report = Path.of("target", "fuzz-figures.md");
        Files.createDirectories(report.getParent());
        Files.writeString(report, table + "\n## Findings\n\n" + (findings.isEmpty() ? "none\n" : findings));
        if (!findings.isEmpty()) {
            System.out.println("[fuzz] findings (also in " + report.toAbsolutePath() + ")\n" + findings);
        }

        SoftAssertions softly = new SoftAssertions();
        softly.assertThat(figures.stow.sent()).as("sent by STOW-RS").isGreaterThanOrEqualTo(1_000);
        softly.assertThat(figures.cStore.sent()).as("sent by C-STORE").isGreaterThanOrEqualTo(1_000);
        for (FuzzFigures.Channel channel : List.of(figures.stow, figures.cStore)) {
            softly.assertThat(channel.serverErrors()).as("5xx").isZero();
            softly.assertThat(channel.dropped()).as("dropped").isZero();
            softly.assertThat(channel.mustRefuseStored()).as("stored although they must be refused").isZero();
        }
        softly.assertThat(figures.partialRows()).as("partial rows").isEmpty();
        softly.assertThat(figures.orphans()).as("orphan blobs").isEmpty();
        softly.assertAll();
    }

    /** The seeds' clean copies first (other mutations refer to them), then the rest. */
    private static List<MutatedInstance> first(List<MutatedInstance> all, boolean clean) {
        return all.stream().filter(i -> i.mutation().equals("clean") == clean).toList();
    }

    // ------------------------------------------------------------------ STOW-RS

    private void sendByStow(List<MutatedInstance> instances, String token) throws Exception {
        ExecutorService threads = Executors.newFixedThreadPool(STOW_THREADS);
        try {
            List<Future<?>> sent = new ArrayList<>();
            for (MutatedInstance instance : instances) {
                sent.add(threads.submit(() -> {
                    stow(instance, token);
                    return null;
                }));
            }
            for (Future<?> f : sent) {
                f.get();
            }
        } finally {
            threads.shutdownNow();
        }
    }

    private void stow(MutatedInstance instance, String token) throws Exception {
        HttpResponse<byte[]> response;
        try {
            response = platform.send(HttpRequest.newBuilder(URI.create(RunningPlatform.GATEWAY + "/studies"))
                    .timeout(ANSWER_TIMEOUT)
                    .header("Authorization", "Bearer " + token)
                    .header("Content-Type", "multipart/related; type=\"application/dicom\"; boundary=" + BOUNDARY)
                    .header("Accept", "application/dicom+json")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(multipart(instance.file()))).build());
        } catch (IOException e) {
            figures.stow.count(instance, instance.stowMustRefuse(), Outcome.DROPPED, e.toString());
            return;
        }
        int status = response.statusCode();
        if (status >= 500) {
            figures.stow.count(instance, instance.stowMustRefuse(), Outcome.SERVER_ERROR, "HTTP " + status);
            return;
        }
        JsonNode body = null;
        if (response.body().length > 0 && response.headers().firstValue("Content-Type").orElse("").contains("json")) {
            body = platform.json.readTree(response.body());
        }
        JsonNode referenced = body == null ? null : body.path("00081199").path("Value");
        if ((status == 200 || status == 202) && referenced != null && referenced.size() == 1) {
            String sop = referenced.get(0).path("00081155").path("Value").path(0).asText();
            stored.put(sop, instance.dataSet());
            figures.stow.count(instance, instance.stowMustRefuse(), Outcome.STORED, null);
            return;
        }
        JsonNode failed = body == null ? null : body.path("00081198").path("Value").path(0);
        String reason = failed == null || failed.isMissingNode() ? "HTTP " + status
                : "HTTP " + status + " " + String.format("0x%04X", failed.path("00081197").path("Value").path(0).asInt());
        figures.stow.count(instance, instance.stowMustRefuse(), Outcome.REFUSED, reason);
    }

    private static byte[] multipart(byte[] file) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(file.length + 200);
        out.writeBytes(("--" + BOUNDARY + "\r\nContent-Type: application/dicom\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        out.writeBytes(file);
        out.writeBytes(("\r\n--" + BOUNDARY + "--\r\n").getBytes(StandardCharsets.US_ASCII));
        return out.toByteArray();
    }

    // ------------------------------------------------------------------ C-STORE

    /** {@link #ASSOCIATIONS} associations in parallel, each sending its share one after the other. */
    private void sendByCStore(List<MutatedInstance> instances) throws Exception {
        List<String[]> pairs = RawStoreScu.pairs(instances);
        ExecutorService threads = Executors.newFixedThreadPool(ASSOCIATIONS);
        try {
            List<Future<?>> associations = new ArrayList<>();
            for (int a = 0; a < ASSOCIATIONS; a++) {
                int share = a;
                associations.add(threads.submit(() -> {
                    List<MutatedInstance> mine = new ArrayList<>();
                    for (int i = share; i < instances.size(); i += ASSOCIATIONS) {
                        mine.add(instances.get(i));
                    }
                    cStore(mine, pairs);
                    return null;
                }));
            }
            for (Future<?> f : associations) {
                f.get();
            }
        } finally {
            threads.shutdownNow();
        }
    }

    private void cStore(List<MutatedInstance> instances, List<String[]> pairs) throws IOException {
        RawStoreScu scu = null;
        try {
            for (MutatedInstance instance : instances) {
                if (scu == null || !scu.isOpen()) {
                    scu = RawStoreScu.open("127.0.0.1", DIMSE_PORT, "IRIS", "STORESCU", pairs,
                            (int) ANSWER_TIMEOUT.toMillis());
                }
                if (!scu.accepted(instance.sopClassUid(), instance.transferSyntaxUid())) {
                    // the platform does not take this SOP class / syntax at all: nothing to send
                    figures.cStore.count(instance, instance.cStoreMustRefuse(), Outcome.REFUSED,
                            "presentation context rejected");
                    continue;
                }
                RawStoreScu.Answer answer = scu.store(instance.sopClassUid(), instance.sopInstanceUid(),
                        instance.transferSyntaxUid(), instance.dataSet());
                if (answer.wasDropped()) {
                    figures.cStore.count(instance, instance.cStoreMustRefuse(), Outcome.DROPPED, answer.dropped());
                } else if (STORED.contains(answer.status())) {
                    stored.put(instance.sopInstanceUid(), instance.dataSet());
                    figures.cStore.count(instance, instance.cStoreMustRefuse(), Outcome.STORED, null);
                } else {
                    figures.cStore.count(instance, instance.cStoreMustRefuse(), Outcome.REFUSED,
                            String.format("0x%04X", answer.status()));
                }
            }
        } finally {
            if (scu != null) {
                scu.close();
            }
        }
    }

    /** Success and the warnings that still store (PS3.4 B.2.3): Coercion, Elements Discarded, Does not match. */
    private static final Set<Integer> STORED = Set.of(0x0000, 0xB000, 0xB006, 0xB007);
}
