package org.irisimaging.transcode.rendition;

import org.irisimaging.events.InstanceReceived;
import org.irisimaging.transcode.rendition.RenditionConfig.StorageTier;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** A received instance takes its sending source's tier: the calling AE title, or STOW; else the default. */
class StorageTiersTest {

    private final StorageTiers tiers = new StorageTiers(StorageTier.LOSSLESS,
            Map.of("CT_SCANNER", StorageTier.LOSSY, "STOW", StorageTier.LOSSY), 90);

    @Test
    void theCallingAeTitleChoosesTheTier() {
        assertThat(tiers.tierOf(received("DIMSE", "CT_SCANNER"))).isEqualTo(StorageTier.LOSSY);
        assertThat(tiers.tierOf(received("DIMSE", "CT_SCANNER  "))).as("AE titles are space-padded").isEqualTo(StorageTier.LOSSY);
        assertThat(tiers.tierOf(received("DIMSE", "OTHER_PACS"))).isEqualTo(StorageTier.LOSSLESS);
    }

    @Test
    void stowUploadsAreTheStowSourceAndUnknownSourcesTakeTheDefault() {
        assertThat(tiers.tierOf(received("STOW", null))).isEqualTo(StorageTier.LOSSY);
        assertThat(tiers.tierOf(received("DIMSE", null))).isEqualTo(StorageTier.LOSSLESS);
        StorageTiers lossyByDefault = new StorageTiers(StorageTier.LOSSY, Map.of("MAMMO", StorageTier.LOSSLESS), 90);
        assertThat(lossyByDefault.tierOf(received("DIMSE", "ANY"))).isEqualTo(StorageTier.LOSSY);
        assertThat(lossyByDefault.tierOf(received("DIMSE", "MAMMO"))).isEqualTo(StorageTier.LOSSLESS);
    }

    private static InstanceReceived received(String source, String callingAeTitle) {
        return new InstanceReceived("1.2.3", "1.2.3.4", "1.2.3.4.5", "1.2.840.10008.5.1.4.1.1.2", "1.2.840.10008.1.2.1",
                "instances/1.2.3/1.2.3.4/1.2.3.4.5.dcm", 10, "0".repeat(64), source, callingAeTitle, Instant.EPOCH);
    }
}
