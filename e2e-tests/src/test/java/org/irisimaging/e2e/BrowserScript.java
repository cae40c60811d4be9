package org.irisimaging.e2e;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A browser test script ({@code src/test/js/portal-*.mjs}, on {@code browser.mjs}) run with node:
 * it drives Debian's chromium and prints {@code {"step": ...}} lines when it needs this side — the
 * one-time code of a sign-in (read from the user's mailbox over IMAP, as a person reads her mail),
 * or whatever a test answers through {@link Steps} — and its JSON report as its last line.
 */
final class BrowserScript {

    private static final Pattern CODE = Pattern.compile("\\b(\\d{6})\\b");

    /** A test's answers to its script's own steps; returns the line to send back. */
    @FunctionalInterface
    interface Steps {
        String answer(JsonNode step) throws Exception;
    }

    private BrowserScript() {
    }

    static JsonNode run(RunningPlatform platform, Duration timeout, Steps steps, String script, String... args)
            throws Exception {
        Path scripts = NodeScripts.install(platform.root);
        List<String> command = new ArrayList<>(List.of("node", script));
        command.addAll(List.of(args));
        // the mailboxes of the users who may sign in, counted before anything is sent to them
        Map<String, Integer> seen = new HashMap<>();
        for (String user : List.of("prescriber", "site-admin")) {
            seen.put(user, new Mailbox(user + "@demo.iris.invalid").count());
        }
        Process node = new ProcessBuilder(command).directory(scripts.toFile()).redirectErrorStream(true).start();
        Thread watchdog = Thread.ofVirtual().start(() -> {
            try {
                if (!node.waitFor(timeout.toSeconds(), TimeUnit.SECONDS)) {
                    node.destroyForcibly(); // a stuck browser: the output ends, the test fails below
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        List<String> output = new ArrayList<>();
        long begin = System.nanoTime();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(node.getInputStream(), StandardCharsets.UTF_8));
             Writer in = new OutputStreamWriter(node.getOutputStream(), StandardCharsets.UTF_8)) {
            for (String line; (line = out.readLine()) != null; ) {
                output.add(line);
                if (!line.startsWith("{\"step\":")) {
                    continue;
                }
                JsonNode step = platform.json.readTree(line);
                String answer;
                if (step.path("step").asText().equals("otp")) {
                    String user = step.path("user").asText();
                    Mailbox mailbox = new Mailbox(user + "@demo.iris.invalid");
                    answer = mailbox.await(seen.getOrDefault(user, 0), BrowserScript::code, Duration.ofSeconds(30));
                    seen.put(user, mailbox.count()); // the next sign-in's code is in a later mail
                } else {
                    answer = steps.answer(step);
                }
                in.write(answer + "\n");
                in.flush();
            }
        }
        watchdog.join();
        node.waitFor();
        System.out.printf("[e2e] %s ran in %.1f s%n", script, (System.nanoTime() - begin) / 1e9);
        assertThat(node.exitValue()).as(String.join("\n", output)).isZero();
        JsonNode report = platform.json.readTree(output.getLast());
        assertThat(report.path("pageErrors").size()).as("errors in the pages: " + report.path("pageErrors")).isZero();
        return report;
    }

    private static Optional<String> code(String mail) {
        Matcher m = CODE.matcher(mail);
        return m.find() ? Optional.of(m.group(1)) : Optional.empty();
    }
}
