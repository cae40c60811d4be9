package org.irisimaging.studyindex.attributes;

/**
 * An attribute the index knows by keyword.
 *
 * @param keyword  its PS3.6 keyword ({@code PatientName})
 * @param tag      its tag as 8 upper-case hexadecimal digits ({@code 00100010}), the DICOM JSON name
 * @param vr       its value representation
 * @param level    where the index keeps it
 * @param computed whether the index computes it (counts, ModalitiesInStudy) instead of storing it
 */
public record DicomAttribute(String keyword, String tag, String vr, Level level, boolean computed) {
}
