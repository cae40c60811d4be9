package org.irisimaging.gateway.ingest;

import java.nio.file.Path;
import java.util.Objects;

/**
 * An object received as a DICOM Part 10 file, to be ingested.
 *
 * @param file     the Part 10 file (preamble, "DICM", file meta information, data set); the caller
 *                 owns it and removes it afterwards
 * @param source   how it arrived
 * @param expected UIDs the request announced, which the data set must carry
 */
public record ReceivedInstance(Path file, IngestSource source, Expected expected) {

    public ReceivedInstance {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(source, "source");
        expected = expected == null ? Expected.NOTHING : expected;
    }

    /**
     * What the request said the object is; {@code null} where it said nothing.
     *
     * @param sopClassUid      DIMSE: the C-STORE-RQ's Affected SOP Class UID
     * @param sopInstanceUid   DIMSE: the C-STORE-RQ's Affected SOP Instance UID
     * @param studyInstanceUid STOW-RS: the study of {@code POST /studies/{study}}
     */
    public record Expected(String sopClassUid, String sopInstanceUid, String studyInstanceUid) {

        public static final Expected NOTHING = new Expected(null, null, null);
    }
}
