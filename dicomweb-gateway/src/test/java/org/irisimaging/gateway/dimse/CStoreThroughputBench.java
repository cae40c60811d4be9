package org.irisimaging.gateway.dimse;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.irisimaging.gateway.index.ContractServerControl;
import org.irisimaging.gateway.index.IngestTestResource;
import org.irisimaging.testsupport.EmbeddedKafkaResource;
import org.irisimaging.testsupport.EmbeddedPostgresResource;
import org.irisimaging.testsupport.TestTokenIssuerResource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * C-STORE throughput benchmark, not a test: prints instances per second for a synthetic series of
 * 512 x 512 16-bit CT images sent by dcmtk's storescu over 1 and over 4 concurrent associations,
 * through the whole ingest (spool, parse, durable blob write, registration with the contract server
 * answering at once). Asserts only that everything was stored.
 *
 * <p>Not run by the test suite (its name does not match Surefire's includes). Run it with
 * {@code ./mvnw -B -pl dicomweb-gateway test -Dtest=CStoreThroughputBench}; the numbers are the
 * lines starting with {@code BENCH}.
 */
@QuarkusTest
@QuarkusTestResource(EmbeddedPostgresResource.class)
@QuarkusTestResource(EmbeddedKafkaResource.class)
@QuarkusTestResource(TestTokenIssuerResource.class)
@QuarkusTestResource(IngestTestResource.class)
class CStoreThroughputBench {

    private static final int INSTANCES = Integer.getInteger("bench.instances", 120);
    private static final int ROUNDS = Integer.getInteger("bench.rounds", 3);

    @Inject
    DimseServer server;
    @Inject
    MeterRegistry metrics;

    @TempDir
    Path tmp;

    @Test
    void throughput() throws Exception {
        ContractServerControl contract = new ContractServerControl();
        contract.reset();
        send(SyntheticInstances.ctSeries(Files.createDirectories(tmp.resolve("warm-up")), 40), 2); // JIT, token, topic
        long bytes = 0;
        List<Double> rates1 = new ArrayList<>();
        List<Double> rates4 = new ArrayList<>();
        List<String> ingestMillis = new ArrayList<>();
        for (int round = 0; round < ROUNDS; round++) {
            for (int associations : new int[] {1, 4}) {
                Path dir = Files.createDirectories(tmp.resolve("round-" + round + "-" + associations));
                List<Path> files = SyntheticInstances.ctSeries(dir, INSTANCES);
                bytes = 0;
                for (Path f : files) {
                    bytes += Files.size(f);
                }
                Timer timer = metrics.find("iris.ingest.instances").tag("result", "stored").timer();
                double before = timer.totalTime(TimeUnit.MILLISECONDS);
                long countBefore = timer.count();
                double seconds = send(files, associations);
                double ingest = (timer.totalTime(TimeUnit.MILLISECONDS) - before) / (timer.count() - countBefore);
                (associations == 1 ? rates1 : rates4).add(INSTANCES / seconds);
                ingestMillis.add(String.format(Locale.ROOT, "%d:%.1f", associations, ingest));
                deleteRecursively(dir);
            }
        }
        assertThat(contract.requests()).hasSize(40 + 2 * ROUNDS * INSTANCES);
        String machine = Runtime.getRuntime().availableProcessors() + " cores, Java " + Runtime.version()
                + ", load average " + Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
        System.out.printf(Locale.ROOT, "BENCH C-STORE 512x512 16-bit CT, %d instances (%.1f MB) per run, %d runs each, %s%n",
                INSTANCES, bytes / 1e6, ROUNDS, machine);
        System.out.printf(Locale.ROOT, "BENCH 1 association : best %6.1f instances/s (%.1f MB/s); runs %s%n",
                max(rates1), max(rates1) * bytes / INSTANCES / 1e6, format(rates1));
        System.out.printf(Locale.ROOT, "BENCH 4 associations: best %6.1f instances/s (%.1f MB/s); runs %s%n",
                max(rates4), max(rates4) * bytes / INSTANCES / 1e6, format(rates4));
        System.out.printf(Locale.ROOT, "BENCH mean server-side ingest time per instance, ms (associations:ms): %s%n",
                ingestMillis);
    }

    private static double max(List<Double> values) {
        return values.stream().mapToDouble(Double::doubleValue).max().orElse(0);
    }

    private static String format(List<Double> values) {
        return values.stream().map(v -> String.format(Locale.ROOT, "%.1f", v)).toList().toString();
    }

    private static void deleteRecursively(Path dir) throws java.io.IOException {
        try (var all = Files.walk(dir)) {
            all.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    /** Sends {@code files} over {@code associations} concurrent storescu processes; returns the seconds taken. */
    private double send(List<Path> files, int associations) throws Exception {
        List<List<Path>> shares = new ArrayList<>();
        for (int i = 0; i < associations; i++) {
            shares.add(new ArrayList<>());
        }
        for (int i = 0; i < files.size(); i++) {
            shares.get(i % associations).add(files.get(i));
        }
        ExecutorService pool = Executors.newFixedThreadPool(associations);
        try {
            long start = System.nanoTime();
            List<Future<Dcmtk.Result>> runs = new ArrayList<>();
            for (List<Path> share : shares) {
                runs.add(pool.submit(() -> Dcmtk.storescu("STORESCU", "IRIS", server.port(), List.of(), share)));
            }
            for (int i = 0; i < runs.size(); i++) {
                Dcmtk.Result r = runs.get(i).get();
                assertThat(Dcmtk.storeResponses(r)).as(r.output()).hasSize(shares.get(i).size()).containsOnly("Success");
            }
            return (System.nanoTime() - start) / 1e9;
        } finally {
            pool.shutdownNow();
        }
    }
}
