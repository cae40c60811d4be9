package org.irisimaging.gateway.dimse;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import org.irisimaging.gateway.ingest.IngestConfig;
import org.irisimaging.gateway.ingest.IngestException;
import org.irisimaging.gateway.ingest.IngestService;
import org.irisimaging.gateway.ingest.IngestSource;
import org.irisimaging.gateway.ingest.ReceivedInstance;

/**
 * The Storage SCP (C-STORE) on top of {@link IngestService}: the {@link DimseServices} that
 * {@link DimseServer} picks up. Each C-STORE is answered with the ingest's verdict: Success once the
 * instance is stored, registered and announced; otherwise the {@link
 * org.irisimaging.gateway.ingest.FailureReason}'s code as status and its message as Error Comment.
 */
@ApplicationScoped
public class StorageServices {

    @Produces
    @Singleton
    DimseServices storage(IngestService ingest, IngestConfig config) {
        return new DimseServices(new StoragePolicy(), config.spoolDirectory(), request -> {
            try {
                ingest.ingest(new ReceivedInstance(request.file(),
                        IngestSource.dimse(request.callingAeTitle(), request.remoteAddress()),
                        new ReceivedInstance.Expected(request.affectedSopClassUid(), request.affectedSopInstanceUid(),
                                null)));
                return CStoreHandler.Result.SUCCESS_RESULT;
            } catch (IngestException e) {
                return CStoreHandler.Result.failure(e.reason().code(), e.getMessage());
            }
        });
    }
}
