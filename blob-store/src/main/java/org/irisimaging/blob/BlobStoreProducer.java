package org.irisimaging.blob;

import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import java.io.IOException;
import org.jboss.logging.Logger;

/** Makes the configured {@link BlobStore} available for injection. */
@ApplicationScoped
public class BlobStoreProducer {

    private static final Logger LOG = Logger.getLogger(BlobStoreProducer.class);

    @Produces
    @ApplicationScoped
    @Startup // a wrong root fails the start, not the first C-STORE
    BlobStore blobStore(BlobConfig config) throws IOException {
        FileSystemBlobStore store = new FileSystemBlobStore(config.root());
        LOG.infof("Blob store: directory %s", store.root());
        return store;
    }
}
