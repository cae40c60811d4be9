package org.irisimaging.transcode.export;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * PS3.10 file IDs for the files of a package (§8.2, PS3.11 media profiles): components of at most
 * 8 characters among upper-case letters, digits and underscore, here {@code DICOM/S0001/I0001} —
 * series numbered in the order listed, instances within their series. Nothing of the data goes into
 * a name (no UID, no patient data), and the layout is what viewers' CD importers expect.
 */
final class FileIds {

    /** Directory of the DICOM files in the ZIP; the DICOMDIR is at the root. */
    static final String ROOT = "DICOM";
    /** Most files a series (and series a package) can hold with a letter and 7 digits. */
    static final int MAX_PER_LEVEL = 9_999_999;

    private FileIds() {
    }

    /**
     * One file ID per instance, in the order given.
     *
     * @param seriesInstanceUIDs the series of each instance, in package order
     * @return slash-separated file IDs, e.g. {@code DICOM/S0002/I0010}
     */
    static List<String> assign(List<String> seriesInstanceUIDs) {
        Map<String, Integer> seriesNumbers = new HashMap<>();
        Map<String, Integer> instanceCounts = new HashMap<>();
        return seriesInstanceUIDs.stream().map(series -> {
            int s = seriesNumbers.computeIfAbsent(series, k -> seriesNumbers.size() + 1);
            int i = instanceCounts.merge(series, 1, Integer::sum);
            if (s > MAX_PER_LEVEL || i > MAX_PER_LEVEL) {
                throw new IllegalArgumentException("more than " + MAX_PER_LEVEL + " series or instances per series");
            }
            return ROOT + "/" + component('S', s) + "/" + component('I', i);
        }).toList();
    }

    /** A letter and at least 4 digits, at most 8 characters: S0001, I0010, I12345. */
    private static String component(char letter, int number) {
        return letter + String.format("%04d", number);
    }
}
