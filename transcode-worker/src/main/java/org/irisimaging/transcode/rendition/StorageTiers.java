package org.irisimaging.transcode.rendition;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.irisimaging.events.InstanceReceived;
import org.irisimaging.transcode.rendition.RenditionConfig.StorageTier;

import java.util.Map;
import java.util.TreeMap;

/**
 * The storage tier of each received instance: its sending source's ({@code iris.rendition.sites}),
 * else the default ({@code iris.rendition.default-tier}).
 */
@ApplicationScoped
public class StorageTiers {

    /** The source name of instances stored through STOW-RS (as in study-index-service). */
    static final String STOW = "STOW";

    private final StorageTier defaultTier;
    private final Map<String, StorageTier> bySource = new TreeMap<>();
    private final int lossyQuality;

    @Inject
    StorageTiers(RenditionConfig config) {
        this(config.defaultTier(), tiersOf(config), config.lossyQuality());
    }

    StorageTiers(StorageTier defaultTier, Map<String, StorageTier> bySource, int lossyQuality) {
        this.defaultTier = defaultTier;
        this.lossyQuality = lossyQuality;
        bySource.forEach((source, tier) -> this.bySource.put(source.trim(), tier));
    }

    private static Map<String, StorageTier> tiersOf(RenditionConfig config) {
        Map<String, StorageTier> tiers = new TreeMap<>();
        config.sites().forEach((source, site) -> tiers.put(source, site.tier()));
        return tiers;
    }

    /** The tier of {@code received}: its calling AE title's, or STOW's, else the default. */
    StorageTier tierOf(InstanceReceived received) {
        String source = STOW.equals(received.source()) ? STOW : received.callingAeTitle();
        return source == null ? defaultTier : bySource.getOrDefault(source.trim(), defaultTier);
    }

    int lossyQuality() {
        return lossyQuality;
    }

    /** The configured sources and their tiers, for the settings endpoint. */
    Map<String, StorageTier> bySource() {
        return Map.copyOf(bySource);
    }
}
