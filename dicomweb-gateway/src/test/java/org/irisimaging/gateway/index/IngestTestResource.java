package org.irisimaging.gateway.index;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * What the gateway's ingest needs in a {@code @QuarkusTest}: a {@link StudyIndexContractServer}
 * (token endpoint and registration API) and fresh temporary directories for the blob store and the
 * spool. Tests reach the server at {@code iris.index.url} (see
 * {@link ContractServerControl}) and the blob store by injection.
 */
public class IngestTestResource implements QuarkusTestResourceLifecycleManager {

    private StudyIndexContractServer server;
    private final List<Path> directories = new ArrayList<>();

    @Override
    public Map<String, String> start() {
        try {
            server = new StudyIndexContractServer();
            Path blobs = Files.createTempDirectory("iris-test-blobs-");
            Path spool = Files.createTempDirectory("iris-test-spool-");
            directories.add(blobs);
            directories.add(spool);
            return Map.of(
                    "iris.index.url", server.baseUrl(),
                    "quarkus.oidc-client.auth-server-url", server.baseUrl(),
                    "quarkus.oidc-client.client-id", StudyIndexContractServer.CLIENT_ID,
                    "quarkus.oidc-client.credentials.secret", StudyIndexContractServer.CLIENT_SECRET,
                    "iris.blob.root", blobs.toString(),
                    "iris.ingest.spool-directory", spool.toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void stop() {
        if (server != null) {
            server.close();
        }
        for (Path directory : directories) {
            try (Stream<Path> all = Files.walk(directory)) {
                all.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (IOException e) {
                // a temporary directory: the OS cleans it eventually
            }
        }
    }
}
