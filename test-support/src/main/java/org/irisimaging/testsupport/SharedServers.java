package org.irisimaging.testsupport;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * One server of each kind per test JVM, whatever class loader asks.
 *
 * <p>Quarkus may load a test resource class in more than one class loader during a test run (e.g. one
 * per test profile), so a static field alone is not enough. The configuration of each running server
 * is published as a system property (a plain string: other code iterates the system properties), which
 * every class loader sees; the server itself stays with the class loader that started it and is stopped
 * by its JVM shutdown hook.
 */
final class SharedServers {

    private static final String PREFIX = "org.irisimaging.testsupport.server.";
    /** A string literal is interned JVM-wide: the same lock object in every class loader. */
    private static final String LOCK = "org.irisimaging.testsupport.SharedServers.lock";

    private SharedServers() {
    }

    /**
     * Returns the configuration of the server named {@code name}, starting it first (with
     * {@code starter}, which must arrange its own stop at JVM exit) if no class loader of this JVM has.
     */
    static Map<String, String> configOf(String name, Supplier<Map<String, String>> starter) {
        synchronized (LOCK) {
            String published = System.getProperty(PREFIX + name);
            if (published != null) {
                return decode(published);
            }
            Map<String, String> config = starter.get();
            System.setProperty(PREFIX + name, encode(config));
            return Map.copyOf(config);
        }
    }

    private static String encode(Map<String, String> config) {
        StringBuilder text = new StringBuilder();
        config.forEach((k, v) -> {
            if (k.indexOf('=') >= 0 || k.indexOf('\n') >= 0 || v.indexOf('\n') >= 0) {
                throw new IllegalArgumentException("cannot publish " + k + "=" + v);
            }
            text.append(k).append('=').append(v).append('\n');
        });
        return text.toString();
    }

    private static Map<String, String> decode(String text) {
        Map<String, String> config = new LinkedHashMap<>();
        for (String line : text.split("\n")) {
            int eq = line.indexOf('=');
            if (eq > 0) {
                config.put(line.substring(0, eq), line.substring(eq + 1));
            }
        }
        return Map.copyOf(config);
    }
}
