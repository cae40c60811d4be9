package org.irisimaging.e2e.fuzz;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.irisimaging.e2e.Multipart;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;

/**
 * After the fuzz: does the platform hold only whole instances? Every study the index knows is
 * searched (QIDO-RS) and retrieved (WADO-RS, as stored) as a platform admin; an instance indexed
 * but not retrieved, or retrieved but neither well-formed nor what was sent, is a partial row. Then
 * the blob store (run.sh's {@code <data-dir>/blobs}) is walked: a file or directory that nothing
 * indexed refers to, or a left-over staging or spool file, is an orphan.
 */
public final class StoredInstances {

    private static final String GATEWAY = "http://localhost:8080";
    private static final int THREADS = 4;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final ObjectMapper json = new ObjectMapper();
    private final String token;
    private final Map<String, byte[]> sentDataSets;
    private final FuzzFigures figures;
    /** Study → "series/sop" of every indexed instance. */
    private final Map<String, Set<String>> indexed = new ConcurrentHashMap<>();

    private StoredInstances(String token, Map<String, byte[]> sentDataSets, FuzzFigures figures) {
        this.token = token;
        this.sentDataSets = sentDataSets;
        this.figures = figures;
    }

    /**
     * Checks the platform once its background work (renditions, removal of originals) is over;
     * counts into {@code figures}.
     *
     * @param sentDataSets SOP Instance UID → the data set sent, as sent, of every instance stored
     */
    public static void check(Path dataDir, String token, Map<String, byte[]> sentDataSets, FuzzFigures figures)
            throws Exception {
        Path blobs = dataDir.resolve("blobs");
        quiesce(blobs);
        StoredInstances check = new StoredInstances(token, sentDataSets, figures);
        Set<String> studies = new TreeSet<>(check.allStudies());
        studies.addAll(directories(blobs.resolve("instances")));
        studies.addAll(directories(blobs.resolve("renditions")));
        ExecutorService threads = Executors.newFixedThreadPool(THREADS);
        try {
            List<Future<?>> all = new ArrayList<>();
            for (String study : studies) {
                all.add(threads.submit(() -> {
                    check.study(study);
                    return null;
                }));
            }
            for (Future<?> f : all) {
                f.get();
            }
        } finally {
            threads.shutdownNow();
        }
        figures.checked(studies.size(), check.indexed.values().stream().mapToInt(Set::size).sum());
        Set<String> indexedSops = new HashSet<>();
        check.indexed.values().forEach(s -> s.forEach(i -> indexedSops.add(i.substring(i.indexOf('/') + 1))));
        for (String sop : new TreeSet<>(sentDataSets.keySet())) {
            if (!indexedSops.contains(sop)) {
                figures.partialRow("instance " + sop + ": reported stored, not found in the index");
            }
        }
        check.orphans(blobs, dataDir.resolve("spool"));
    }

    /** Waits (at most 2 minutes) until the blob store has not changed for 5 seconds. */
    private static void quiesce(Path blobs) throws Exception {
        Instant deadline = Instant.now().plus(Duration.ofMinutes(2));
        String last = "";
        Instant stableSince = Instant.now();
        while (Instant.now().isBefore(deadline)) {
            String now = snapshot(blobs);
            if (!now.equals(last)) {
                last = now;
                stableSince = Instant.now();
            } else if (Duration.between(stableSince, Instant.now()).toSeconds() >= 5) {
                return;
            }
            Thread.sleep(500);
        }
    }

    private static String snapshot(Path blobs) throws IOException {
        long files = 0;
        long bytes = 0;
        try (Stream<Path> all = Files.walk(blobs)) {
            for (Path p : (Iterable<Path>) all::iterator) {
                if (Files.isRegularFile(p)) {
                    files++;
                    bytes += Files.size(p);
                }
            }
        } catch (java.io.UncheckedIOException e) {
            return "changing";
        }
        return files + "/" + bytes;
    }

    /** Every study the index has, as an admin sees it (QIDO-RS, 1,000 at a time). */
    private Set<String> allStudies() throws Exception {
        Set<String> studies = new HashSet<>();
        for (int offset = 0; ; offset += 1000) {
            HttpResponse<byte[]> response = get("/studies?limit=1000&offset=" + offset + "&includefield=0020000D",
                    "application/dicom+json");
            if (response.statusCode() == 204) {
                return studies;
            }
            if (response.statusCode() != 200) {
                figures.partialRow("QIDO-RS /studies (offset " + offset + ") answered " + response.statusCode());
                return studies;
            }
            JsonNode list = json.readTree(response.body());
            for (JsonNode study : list) {
                studies.add(study.path("0020000D").path("Value").path(0).asText());
            }
            if (list.size() < 1000) {
                return studies;
            }
        }
    }

    private void study(String study) throws Exception {
        Set<String> instances = new HashSet<>();
        Set<String> sops = new HashSet<>();
        for (int offset = 0; ; offset += 1000) {
            HttpResponse<byte[]> found = get("/studies/" + study + "/instances?limit=1000&offset=" + offset,
                    "application/dicom+json");
            if (found.statusCode() == 204 || found.statusCode() == 404) {
                break;
            }
            if (found.statusCode() != 200) {
                figures.partialRow("study " + study + ": QIDO-RS of its instances answered " + found.statusCode());
                break;
            }
            JsonNode list = json.readTree(found.body());
            for (JsonNode instance : list) {
                String series = instance.path("0020000E").path("Value").path(0).asText();
                String sop = instance.path("00080018").path("Value").path(0).asText();
                instances.add(series + "/" + sop);
                sops.add(sop);
            }
            if (list.size() < 1000) {
                break;
            }
        }
        indexed.put(study, instances);
        if (instances.isEmpty()) {
            return;
        }
        HttpResponse<byte[]> retrieved = get("/studies/" + study,
                "multipart/related; type=\"application/dicom\"; transfer-syntax=*");
        if (retrieved.statusCode() != 200) {
            figures.partialRow("study " + study + ": " + instances.size() + " indexed, WADO-RS answered "
                    + retrieved.statusCode());
            return;
        }
        Set<String> whole = new HashSet<>();
        for (byte[] part : Multipart.parts(retrieved)) {
            String sop = sopInstanceUid(part, sops);
            if (sop == null) {
                figures.partialRow("study " + study + ": a retrieved instance (" + part.length
                        + " bytes) is neither well-formed nor what was sent");
            } else {
                whole.add(sop);
            }
        }
        for (String sop : sops) {
            if (!whole.contains(sop)) {
                figures.partialRow("study " + study + ", instance " + sop + ": indexed, not retrieved whole");
            }
        }
    }

    /**
     * The SOP Instance UID of a retrieved file: read from it when it is well-formed, else found by
     * comparing its data set with those sent (an instance stored as received, oddities included).
     */
    private String sopInstanceUid(byte[] part, Set<String> indexedSops) {
        try {
            Part10 p = Part10.read(part);
            List<DataSetElements.Element> elements = DataSetElements.walk(p.dataSet(), p.syntax());
            DataSetElements.Element sop = DataSetElements.find(elements, MutatedInstances.SOP_INSTANCE_UID);
            if (sop != null) {
                String uid = Part10.text(Arrays.copyOfRange(p.dataSet(), sop.valueOffset(), sop.end()));
                if (indexedSops.contains(uid)) {
                    return uid;
                }
            }
        } catch (RuntimeException | StackOverflowError malformed) {
            // compared with what was sent below (a deep sequence is beyond this walker's stack)
        }
        try {
            byte[] dataSet = Arrays.copyOfRange(part, Part10.dataSetOffset(part), part.length);
            for (String sop : indexedSops) {
                if (Arrays.equals(dataSet, sentDataSets.get(sop))) {
                    return sop;
                }
            }
        } catch (RuntimeException noMeta) {
            // neither
        }
        return null;
    }

    /**
     * Files under {@code instances/} and {@code renditions/} must be indexed instances; a directory
     * may be empty only for an indexed series (its original removed after rendition); staging and
     * spool must be empty.
     */
    private void orphans(Path blobs, Path spool) throws IOException {
        for (String area : List.of("instances", "renditions")) {
            Path root = blobs.resolve(area);
            if (!Files.isDirectory(root)) {
                continue;
            }
            try (Stream<Path> all = Files.walk(root)) {
                for (Path p : (Iterable<Path>) all::iterator) {
                    Path relative = root.relativize(p);
                    int depth = relative.getNameCount();
                    if (p.equals(root)) {
                        continue;
                    }
                    String study = relative.getName(0).toString();
                    Set<String> ofStudy = indexed.getOrDefault(study, Set.of());
                    if (Files.isRegularFile(p)) {
                        String name = p.getFileName().toString();
                        String sop = name.endsWith(".dcm") ? name.substring(0, name.length() - 4) : name;
                        if (depth != 3 || !ofStudy.contains(relative.getName(1) + "/" + sop)) {
                            figures.orphan(area + "/" + relative + " (" + Files.size(p) + " bytes): not indexed");
                        }
                    } else if (isEmpty(p)) {
                        boolean indexedSeries = depth == 2 && ofStudy.stream()
                                .anyMatch(i -> i.startsWith(relative.getName(1) + "/"));
                        if (!indexedSeries) {
                            figures.orphan(area + "/" + relative + "/: empty directory of nothing indexed");
                        }
                    }
                }
            }
        }
        for (Path leftovers : List.of(blobs.resolve(".staging"), spool)) {
            if (Files.isDirectory(leftovers)) {
                try (Stream<Path> all = Files.list(leftovers)) {
                    all.forEach(p -> figures.orphan(leftovers.getFileName() + "/" + p.getFileName() + ": left over"));
                }
            }
        }
    }

    private static boolean isEmpty(Path directory) throws IOException {
        try (Stream<Path> entries = Files.list(directory)) {
            return entries.findAny().isEmpty();
        }
    }

    private static Set<String> directories(Path root) throws IOException {
        if (!Files.isDirectory(root)) {
            return Set.of();
        }
        Set<String> names = new HashSet<>();
        try (Stream<Path> all = Files.list(root)) {
            all.filter(Files::isDirectory).forEach(p -> names.add(p.getFileName().toString()));
        }
        return names;
    }

    private HttpResponse<byte[]> get(String path, String accept) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(GATEWAY + path)).timeout(Duration.ofSeconds(120))
                .header("Authorization", "Bearer " + token).header("Accept", accept).GET().build(),
                HttpResponse.BodyHandlers.ofByteArray());
    }
}
