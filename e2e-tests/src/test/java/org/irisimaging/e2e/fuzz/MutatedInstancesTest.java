package org.irisimaging.e2e.fuzz;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.zip.Inflater;
import java.util.zip.InflaterInputStream;

import static org.assertj.core.api.Assertions.assertThat;

/** The mutator alone (no platform): deterministic, as large and varied as the suite says, bombs as big as named. */
class MutatedInstancesTest {

    private static List<MutatedInstance> stow;
    private static List<MutatedInstance> cStore;

    @BeforeAll
    static void generate() throws Exception {
        stow = MutatedInstances.generate(FuzzCorpus.files(), 1);
        cStore = MutatedInstances.generate(FuzzCorpus.files(), 2);
    }

    @Test
    void atLeastAThousandInstancesOfEveryClassFromTheCorpusAndTheSyntheticSeeds() {
        assertThat(stow.size()).isGreaterThanOrEqualTo(1_000);
        Map<String, Long> perClass = stow.stream().collect(Collectors.groupingBy(MutatedInstance::mutation,
                Collectors.counting()));
        assertThat(perClass.keySet()).containsExactlyInAnyOrder("clean", "truncation", "bit-flip",
                "element-length", "vr", "uid", "string", "meta", "nesting", "deflate");
        assertThat(MutatedInstances.seedCount(stow)).isGreaterThan(30);
    }

    @Test
    void theSameOnEveryRunWithUidsOfTheirOwnPerChannel() throws Exception {
        List<MutatedInstance> again = MutatedInstances.generate(FuzzCorpus.files(), 1);
        assertThat(again).hasSameSizeAs(stow);
        for (int i = 0; i < stow.size(); i++) {
            assertThat(again.get(i).file()).as(stow.get(i).toString()).isEqualTo(stow.get(i).file());
        }
        Set<String> stowUids = stow.stream().map(MutatedInstance::sopInstanceUid).collect(Collectors.toSet());
        assertThat(cStore).noneMatch(i -> stowUids.contains(i.sopInstanceUid()));
        assertThat(cStore).hasSameSizeAs(stow);
        for (int i = 0; i < stow.size(); i++) { // deflated seeds' sizes depend on their UIDs' digits
            assertThat(cStore.get(i).mutation()).isEqualTo(stow.get(i).mutation());
            if (!cStore.get(i).transferSyntaxUid().equals(Part10.DEFLATED)) {
                assertThat(cStore.get(i).detail()).isEqualTo(stow.get(i).detail());
            }
        }
    }

    @Test
    void everyInstanceHasASopInstanceUidOfItsOwnButTheDuplicates() {
        Set<String> sops = new HashSet<>();
        for (MutatedInstance i : stow) {
            if (!i.detail().contains("stored in another study")) {
                assertThat(sops.add(i.sopInstanceUid())).as(i.toString()).isTrue();
            }
        }
    }

    @Test
    void cleanCopiesAreWellFormedWithFreshUids() {
        Set<String> sops = new HashSet<>();
        for (MutatedInstance clean : stow.stream().filter(i -> i.mutation().equals("clean")).toList()) {
            Part10 p = Part10.read(clean.file());
            DataSetElements.walk(p.dataSet(), p.syntax());
            assertThat(sops.add(clean.sopInstanceUid())).isTrue();
            assertThat(new String(clean.file(), java.nio.charset.StandardCharsets.ISO_8859_1))
                    .contains(clean.sopInstanceUid());
        }
    }

    @Test
    void deepNestingIsAsDeepAsItSays() throws Exception {
        MutatedInstance nested = stow.stream().filter(i -> i.detail().startsWith("3000 levels, undefined lengths, explicit"))
                .findFirst().orElseThrow();
        Part10 p = Part10.read(nested.file());
        int[] depth = new int[1];
        // the walker recurses three frames a level: a thread with room for them
        Thread walk = new Thread(null, () -> depth[0] = DataSetElements.walk(p.dataSet(), p.syntax()).stream()
                .mapToInt(DataSetElements.Element::depth).max().orElseThrow(), "walk", 512L << 20);
        walk.start();
        walk.join();
        assertThat(depth[0]).isEqualTo(3_000);
    }

    @Test
    void aBombInflatesToWhatItSaysAndEndsWithTheRestOfTheDataSet() throws Exception {
        MutatedInstance bomb = stow.stream().filter(i -> i.detail().startsWith("bomb:")
                && i.detail().contains("67,108,864 in (0009,1010)")).findFirst().orElseThrow();
        assertThat(bomb.dataSet().length).isLessThan(200_000);
        long total = 0;
        byte[] last = new byte[0];
        try (InputStream in = new InflaterInputStream(new java.io.ByteArrayInputStream(bomb.dataSet()),
                new Inflater(true))) {
            byte[] buffer = new byte[1 << 20];
            for (int n; (n = in.read(buffer)) > 0; ) {
                total += n;
                last = Arrays.copyOfRange(buffer, Math.max(0, n - 300), n);
            }
        }
        assertThat(total).isGreaterThan(64L << 20).isLessThan((64L << 20) + 1_000);
        for (int i = 0; i < 256; i++) { // the synthetic image's pixels, after the bomb
            assertThat(last[last.length - 256 + i]).isEqualTo((byte) i);
        }
    }
}
