package org.irisimaging.studyindex.export;

import java.util.List;

/**
 * {@code POST /api/exports}: what to package. Without a selection, the whole study; with one, the
 * instances of the listed series and the listed instances (their union).
 *
 * @param studyInstanceUID   Study Instance UID (0020,000D), required
 * @param seriesInstanceUIDs Series Instance UIDs (0020,000E) of the study to include whole; optional
 * @param sopInstanceUIDs    SOP Instance UIDs (0008,0018) of the study to include; optional
 * @param locale             language of the notification: {@code fr} (default) or {@code en}
 */
public record ExportRequest(String studyInstanceUID, List<String> seriesInstanceUIDs, List<String> sopInstanceUIDs,
                            String locale) {
}
