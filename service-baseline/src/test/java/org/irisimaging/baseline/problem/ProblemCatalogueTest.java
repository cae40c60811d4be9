package org.irisimaging.baseline.problem;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * One catalogue of problem types: every slug any service's main code answers with is one of
 * {@link ProblemType}, with the same status, and no two kinds share a slug or a generic status.
 * Reads the sources of every module of the repository (this module's parent directory).
 */
class ProblemCatalogueTest {

    /** {@code new ProblemException(413, "slug"} or with a constant: {@code new ProblemException(400, INVALID}. */
    private static final Pattern CONSTRUCTED = Pattern.compile(
            "new ProblemException\\(\\s*(\\d{3}),\\s*(?:\"([a-z0-9-]+)\"|([A-Za-z_.]+))");
    private static final Pattern CONSTANT = Pattern.compile("String\\s+([A-Z_]+)\\s*=\\s*\"([a-z0-9-]+)\"");
    private static final Pattern URN = Pattern.compile("urn:iris:problem:([a-z0-9-]+)");
    private static final Pattern TYPED = Pattern.compile("Problem\\.type\\(\"([a-z0-9-]+)\"\\)");
    /** identity-service's AccountProblems.conflict(slug, ...): a 409. */
    private static final Pattern CONFLICT = Pattern.compile("AccountProblems\\.conflict\\(\\s*\"([a-z0-9-]+)\"");

    @Test
    void everySlugTheServicesUseIsInTheCatalogueWithItsStatus() throws IOException {
        Path root = Path.of("..").toAbsolutePath().normalize();
        List<String> problems = new ArrayList<>();
        int seen = 0;
        try (Stream<Path> modules = Files.list(root)) {
            for (Path module : modules.filter(m -> Files.isDirectory(m.resolve("src/main/java"))).toList()) {
                Map<String, String> files = sources(module.resolve("src/main/java"));
                Map<String, String> constants = new HashMap<>();
                files.values().forEach(text -> CONSTANT.matcher(text).results()
                        .forEach(m -> constants.put(m.group(1), m.group(2))));
                for (Map.Entry<String, String> file : files.entrySet()) {
                    String where = root.relativize(Path.of(file.getKey())).toString();
                    String text = file.getValue();
                    Matcher m = CONSTRUCTED.matcher(text);
                    while (m.find()) {
                        String slug = m.group(2) != null ? m.group(2)
                                : constants.get(m.group(3).substring(m.group(3).lastIndexOf('.') + 1));
                        if (slug == null) {
                            continue; // a variable: its literal is found where it is written
                        }
                        seen++;
                        check(problems, where, slug, Optional.of(Integer.parseInt(m.group(1))));
                    }
                    for (Pattern p : List.of(URN, TYPED)) {
                        Matcher u = p.matcher(text);
                        while (u.find()) {
                            seen++;
                            check(problems, where, u.group(1), Optional.empty());
                        }
                    }
                    Matcher c = CONFLICT.matcher(text);
                    while (c.find()) {
                        seen++;
                        check(problems, where, c.group(1), Optional.of(409));
                    }
                }
            }
        }
        assertTrue(seen > 20, "the sources were not found under " + root + " (" + seen + " slugs)");
        assertEquals(List.of(), problems, "slugs outside the catalogue (add them to ProblemType first)");
    }

    @Test
    void theGenericTypeOfAStatusIsTheCataloguesOneAnd413HasOneSlug() {
        assertEquals(ProblemType.PAYLOAD_TOO_LARGE, ProblemType.forStatus(413));
        assertEquals("urn:iris:problem:payload-too-large", ProblemType.forStatus(413).uri().toString());
        assertEquals(ProblemType.NOT_FOUND, ProblemType.forStatus(404));
        assertEquals(ProblemType.INTERNAL_ERROR, ProblemType.forStatus(502));
        assertEquals(ProblemType.BAD_REQUEST, ProblemType.forStatus(418));
        long slugs = Stream.of(ProblemType.values()).map(ProblemType::slug).distinct().count();
        assertEquals(ProblemType.values().length, slugs, "one slug, one kind");
    }

    private static void check(List<String> problems, String where, String slug, Optional<Integer> status) {
        Optional<ProblemType> type = ProblemType.bySlug(slug);
        if (type.isEmpty()) {
            problems.add(where + ": " + slug + " is not in ProblemType");
        } else if (status.isPresent() && status.get() != type.get().status()) {
            problems.add(where + ": " + slug + " with status " + status.get() + ", the catalogue says "
                    + type.get().status());
        }
    }

    private static Map<String, String> sources(Path dir) {
        Map<String, String> files = new HashMap<>();
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path file : all.filter(f -> f.toString().endsWith(".java")).toList()) {
                files.put(file.toString(), Files.readString(file));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return files;
    }
}
