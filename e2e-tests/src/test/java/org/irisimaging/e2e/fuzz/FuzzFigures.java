package org.irisimaging.e2e.fuzz;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What the fuzz suite counted, per channel (STOW-RS, C-STORE) and per mutation class, and what
 * the platform held afterwards (partial rows, orphan blobs); printed as the tables of
 * docs/security-tests.md. Thread-safe: instances are sent in parallel.
 */
public final class FuzzFigures {

    /** The answer to one instance, as the figures count it. */
    public enum Outcome { STORED, REFUSED, SERVER_ERROR, DROPPED }

    /** One channel's counts. */
    public static final class Channel {
        private final String name;
        private final AtomicInteger sent = new AtomicInteger();
        private final AtomicInteger stored = new AtomicInteger();
        private final AtomicInteger serverErrors = new AtomicInteger();
        private final AtomicInteger dropped = new AtomicInteger();
        private final Map<String, AtomicInteger> refusedBy = new ConcurrentHashMap<>();
        /** mutation class → sent, stored, refused, 5xx, dropped */
        private final Map<String, AtomicInteger[]> perClass = new ConcurrentHashMap<>();
        private final List<String> findings = Collections.synchronizedList(new ArrayList<>());
        private final AtomicInteger mustRefuseStored = new AtomicInteger();

        Channel(String name) {
            this.name = name;
        }

        /**
         * Counts one answer; {@code reason} is the refusal's status (e.g. {@code 409 0xC000} or
         * {@code 0xA900}), the HTTP status of a 5xx, or why the connection dropped.
         */
        public void count(MutatedInstance instance, boolean mustRefuse, Outcome outcome, String reason) {
            sent.incrementAndGet();
            AtomicInteger[] row = perClass.computeIfAbsent(instance.mutation(), k -> new AtomicInteger[] {
                    new AtomicInteger(), new AtomicInteger(), new AtomicInteger(), new AtomicInteger(),
                    new AtomicInteger()});
            row[0].incrementAndGet();
            row[1 + outcome.ordinal()].incrementAndGet();
            switch (outcome) {
                case STORED -> {
                    stored.incrementAndGet();
                    if (mustRefuse) {
                        mustRefuseStored.incrementAndGet();
                        findings.add("stored, must be refused: " + instance);
                    }
                }
                case REFUSED -> refusedBy.computeIfAbsent(reason, k -> new AtomicInteger()).incrementAndGet();
                case SERVER_ERROR -> {
                    serverErrors.incrementAndGet();
                    findings.add(reason + ": " + instance);
                }
                case DROPPED -> {
                    dropped.incrementAndGet();
                    findings.add("dropped (" + reason + "): " + instance);
                }
            }
        }

        public int sent() {
            return sent.get();
        }

        public int serverErrors() {
            return serverErrors.get();
        }

        public int dropped() {
            return dropped.get();
        }

        public int mustRefuseStored() {
            return mustRefuseStored.get();
        }

        public List<String> findings() {
            synchronized (findings) {
                return List.copyOf(findings);
            }
        }
    }

    public final Channel stow = new Channel("STOW-RS");
    public final Channel cStore = new Channel("C-STORE");
    private final List<String> partialRows = Collections.synchronizedList(new ArrayList<>());
    private final List<String> orphans = Collections.synchronizedList(new ArrayList<>());
    private int studiesChecked;
    private int instancesChecked;

    public void partialRow(String what) {
        partialRows.add(what);
    }

    public void orphan(String what) {
        orphans.add(what);
    }

    public void checked(int studies, int instances) {
        studiesChecked = studies;
        instancesChecked = instances;
    }

    public List<String> partialRows() {
        synchronized (partialRows) {
            return List.copyOf(partialRows);
        }
    }

    public List<String> orphans() {
        synchronized (orphans) {
            return List.copyOf(orphans);
        }
    }

    /** The figures as Markdown: the totals, the refusals by reason and the table per mutation class. */
    public String table(long seconds) {
        StringBuilder t = new StringBuilder();
        t.append("| figure | STOW-RS | C-STORE |\n|---|---:|---:|\n");
        row(t, "sent", stow.sent.get(), cStore.sent.get());
        row(t, "stored", stow.stored.get(), cStore.stored.get());
        row(t, "refused", sum(stow.refusedBy), sum(cStore.refusedBy));
        row(t, "5xx responses", stow.serverErrors.get(), cStore.serverErrors.get());
        row(t, "dropped (connection / association, no response)", stow.dropped.get(), cStore.dropped.get());
        row(t, "stored although they must be refused", stow.mustRefuseStored.get(), cStore.mustRefuseStored.get());
        t.append("\nAfterwards, on the whole platform (").append(studiesChecked).append(" studies, ")
                .append(instancesChecked).append(" instances checked): **")
                .append(partialRows.size()).append(" partial rows** (indexed, but not retrievable whole), **")
                .append(orphans.size()).append(" orphan blobs** (stored files or directories nothing indexed refers to). ")
                .append("Run time ").append(seconds).append(" s.\n\n");
        t.append("Refused, by reason (STOW-RS: HTTP status and Failure Reason (0008,1197); C-STORE: DIMSE status):\n\n");
        t.append("| reason | STOW-RS | C-STORE |\n|---|---:|---:|\n");
        Map<String, int[]> reasons = new TreeMap<>();
        stow.refusedBy.forEach((k, v) -> reasons.computeIfAbsent(k, x -> new int[2])[0] = v.get());
        cStore.refusedBy.forEach((k, v) -> reasons.computeIfAbsent(k, x -> new int[2])[1] = v.get());
        reasons.forEach((k, v) -> row(t, k, v[0], v[1]));
        t.append("\nPer mutation class (sent / stored / refused / 5xx / dropped):\n\n");
        t.append("| class | STOW-RS | C-STORE |\n|---|---|---|\n");
        Map<String, String[]> classes = new TreeMap<>();
        stow.perClass.forEach((k, v) -> classes.computeIfAbsent(k, x -> new String[] {"", ""})[0] = cells(v));
        cStore.perClass.forEach((k, v) -> classes.computeIfAbsent(k, x -> new String[] {"", ""})[1] = cells(v));
        classes.forEach((k, v) -> t.append("| ").append(k).append(" | ").append(v[0]).append(" | ").append(v[1])
                .append(" |\n"));
        return t.toString();
    }

    /** Every finding, one a line (empty when the platform held). */
    public String findings() {
        StringBuilder all = new StringBuilder();
        stow.findings().forEach(f -> all.append("STOW-RS ").append(f).append('\n'));
        cStore.findings().forEach(f -> all.append("C-STORE ").append(f).append('\n'));
        partialRows().forEach(f -> all.append("partial row: ").append(f).append('\n'));
        orphans().forEach(f -> all.append("orphan: ").append(f).append('\n'));
        return all.toString();
    }

    private static String cells(AtomicInteger[] v) {
        return v[0].get() + " / " + v[1].get() + " / " + v[2].get() + " / " + v[3].get() + " / " + v[4].get();
    }

    private static int sum(Map<String, AtomicInteger> counts) {
        return counts.values().stream().mapToInt(AtomicInteger::get).sum();
    }

    private static void row(StringBuilder t, String name, int a, int b) {
        t.append("| ").append(name).append(" | ").append(a).append(" | ").append(b).append(" |\n");
    }
}
