package org.irisimaging.studyindex.attributes;

import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DicomDatesTest {

    @Test
    void aQueryValueCoversWhatItsPrecisionCovers() {
        assertThat(DicomDates.timeBounds("15")).isEqualTo(new DicomDates.TimeBounds(LocalTime.of(15, 0),
                LocalTime.of(15, 59, 59, 999_999_000)));
        assertThat(DicomDates.timeBounds("1530")).isEqualTo(new DicomDates.TimeBounds(LocalTime.of(15, 30),
                LocalTime.of(15, 30, 59, 999_999_000)));
        assertThat(DicomDates.timeBounds("153000.12")).isEqualTo(new DicomDates.TimeBounds(
                LocalTime.of(15, 30, 0, 120_000_000), LocalTime.of(15, 30, 0, 129_999_000)));
        assertThat(DicomDates.dateTimeBounds("202402")).isEqualTo(new DicomDates.DateTimeBounds(
                LocalDateTime.of(2024, 2, 1, 0, 0), LocalDateTime.of(2024, 2, 29, 23, 59, 59, 999_999_000)));
        assertThat(DicomDates.dateBounds("20240229").first()).isEqualTo(LocalDate.of(2024, 2, 29));
    }

    @Test
    void malformedQueryValuesAreRefusedWithoutQuotingThem() {
        assertThatThrownBy(() -> DicomDates.dateBounds("19800231")).hasMessage("not a valid date");
        assertThatThrownBy(() -> DicomDates.dateBounds("1980-02-01")).hasMessageNotContaining("1980");
        assertThatThrownBy(() -> DicomDates.timeBounds("2460")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> DicomDates.dateTimeBounds("20240101+0100")).hasMessageContaining("UTC offsets");
    }

    @Test
    void storedValuesAreReadLeniently() {
        assertThat(DicomDates.storedDate("2004.01.19")).contains(LocalDate.of(2004, 1, 19));
        assertThat(DicomDates.storedDate("garbage")).isEmpty();
        assertThat(DicomDates.storedTime("07:27:30")).contains(LocalTime.of(7, 27, 30));
        assertThat(DicomDates.storedDateTime("20241231083000+0100")).contains(LocalDateTime.of(2024, 12, 31, 8, 30));
    }
}
