package org.irisimaging.e2e;

import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Starts {@link RunningPlatform} once for the whole test run (every e2e class shares it) and stops
 * it when the run ends, failing the run if anything is left behind.
 */
final class PlatformExtension implements BeforeAllCallback {

    private static RunningPlatform platform;

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        ExtensionContext.Store store = context.getRoot().getStore(ExtensionContext.Namespace.GLOBAL);
        Stopper stopper = store.getOrComputeIfAbsent(Stopper.class, key -> new Stopper(), Stopper.class);
        if (stopper.failure != null) {
            throw new IllegalStateException("The platform could not start", stopper.failure);
        }
    }

    static RunningPlatform platform() {
        return platform;
    }

    /** Closed by JUnit when the root context closes, i.e. after the last test class. */
    private static final class Stopper implements AutoCloseable {
        private Exception failure;

        Stopper() {
            try {
                platform = RunningPlatform.start();
            } catch (Exception e) {
                failure = e;
            }
        }

        @Override
        public void close() throws Exception {
            if (platform != null) {
                platform.close();
            }
        }
    }
}
