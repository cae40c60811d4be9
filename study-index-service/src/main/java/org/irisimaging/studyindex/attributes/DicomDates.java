package org.irisimaging.studyindex.attributes;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * DICOM dates (DA), times (TM) and date-times (DT) as {@code java.time} values.
 *
 * <p>Stored values are read leniently ({@code stored*}: an unreadable value has no query key, and
 * stays in the DICOM JSON as received). Query values are read strictly ({@link #dateBounds},
 * {@link #timeBounds}, {@link #dateTimeBounds}: {@link IllegalArgumentException} when malformed,
 * whose message never quotes the value: it may be a birth date)
 * as the interval their precision covers: {@code 1530} is 15:30:00 to 15:30:59.999999.
 */
public final class DicomDates {

    private static final Pattern DA = Pattern.compile("(\\d{4})(\\d{2})(\\d{2})");
    private static final Pattern LEGACY_DA = Pattern.compile("(\\d{4})\\.(\\d{2})\\.(\\d{2})");
    private static final Pattern TM = Pattern.compile("(\\d{2})(?:(\\d{2})(?:(\\d{2})(?:\\.(\\d{1,6}))?)?)?");
    private static final Pattern DT = Pattern.compile(
            "(\\d{4})(?:(\\d{2})(?:(\\d{2})(?:(\\d{2})(?:(\\d{2})(?:(\\d{2})(?:\\.(\\d{1,6}))?)?)?)?)?)?([+-]\\d{4})?");

    private DicomDates() {
    }

    /** An inclusive interval of dates. */
    public record DateBounds(LocalDate first, LocalDate last) {
    }

    /** An inclusive interval of times of day, to the microsecond. */
    public record TimeBounds(LocalTime first, LocalTime last) {
    }

    /** An inclusive interval of date-times, to the microsecond. */
    public record DateTimeBounds(LocalDateTime first, LocalDateTime last) {
    }

    // ------------------------------------------------------------------ stored values (lenient)

    /** {@code YYYYMMDD} (or the legacy {@code YYYY.MM.DD}); empty if absent or not a date. */
    public static Optional<LocalDate> storedDate(String value) {
        if (value == null) {
            return Optional.empty();
        }
        String v = value.trim();
        Matcher m = DA.matcher(v);
        if (!m.matches()) {
            m = LEGACY_DA.matcher(v);
            if (!m.matches()) {
                return Optional.empty();
            }
        }
        try {
            return Optional.of(LocalDate.of(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)),
                    Integer.parseInt(m.group(3))));
        } catch (DateTimeException e) {
            return Optional.empty();
        }
    }

    /** {@code HH[MM[SS[.F{1,6}]]]} (colons of the legacy form ignored); empty if absent or not a time. */
    public static Optional<LocalTime> storedTime(String value) {
        if (value == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(timeBounds(value.trim().replace(":", "")).first());
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** A DT value without its UTC offset (the wall-clock time as recorded); empty if absent or malformed. */
    public static Optional<LocalDateTime> storedDateTime(String value) {
        if (value == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(dateTimeBounds(value.trim(), true).first());
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    // ------------------------------------------------------------------ query values (strict)

    /** A DA query value {@code YYYYMMDD}: that day. */
    public static DateBounds dateBounds(String value) {
        Matcher m = DA.matcher(value);
        if (!m.matches()) {
            throw new IllegalArgumentException("not a DA value (YYYYMMDD)");
        }
        try {
            LocalDate d = LocalDate.of(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)),
                    Integer.parseInt(m.group(3)));
            return new DateBounds(d, d);
        } catch (DateTimeException e) {
            throw new IllegalArgumentException("not a valid date");
        }
    }

    /** A TM query value {@code HH[MM[SS[.F{1,6}]]]}: the interval its precision covers. */
    public static TimeBounds timeBounds(String value) {
        Matcher m = TM.matcher(value);
        if (!m.matches()) {
            throw new IllegalArgumentException("not a TM value (HH[MM[SS[.FFFFFF]]])");
        }
        try {
            int hour = Integer.parseInt(m.group(1));
            LocalTime first = LocalTime.of(hour, 0);
            LocalTime last = LocalTime.of(hour, 59, 59, 999_999_000);
            if (m.group(2) != null) {
                first = first.withMinute(Integer.parseInt(m.group(2)));
                last = first.withSecond(59).withNano(999_999_000);
            }
            if (m.group(3) != null) {
                first = first.withSecond(Integer.parseInt(m.group(3)));
                last = first.withNano(999_999_000);
            }
            if (m.group(4) != null) {
                String digits = m.group(4);
                int micros = Integer.parseInt((digits + "000000").substring(0, 6));
                first = first.withNano(micros * 1000);
                long span = (long) Math.pow(10, 6 - digits.length()) - 1;
                last = first.plusNanos(span * 1000);
            }
            return new TimeBounds(first, last);
        } catch (DateTimeException e) {
            throw new IllegalArgumentException("not a valid time");
        }
    }

    /** A DT query value {@code YYYY[MM[DD[HH[MM[SS[.F{1,6}]]]]]]} without UTC offset: the interval its precision covers. */
    public static DateTimeBounds dateTimeBounds(String value) {
        return dateTimeBounds(value, false);
    }

    private static DateTimeBounds dateTimeBounds(String value, boolean offsetAllowed) {
        Matcher m = DT.matcher(value);
        if (!m.matches()) {
            throw new IllegalArgumentException("not a DT value (YYYY[MM[DD[HH[MM[SS[.FFFFFF]]]]]])");
        }
        if (m.group(8) != null && !offsetAllowed) {
            throw new IllegalArgumentException("UTC offsets are not supported in DT query values");
        }
        try {
            int year = Integer.parseInt(m.group(1));
            LocalDateTime first = LocalDateTime.of(year, 1, 1, 0, 0);
            LocalDateTime next = first.plusYears(1);
            if (m.group(2) != null) {
                first = first.withMonth(Integer.parseInt(m.group(2)));
                next = first.plusMonths(1);
            }
            if (m.group(3) != null) {
                first = first.withDayOfMonth(Integer.parseInt(m.group(3)));
                next = first.plusDays(1);
            }
            if (m.group(4) != null) {
                first = first.withHour(Integer.parseInt(m.group(4)));
                next = first.plusHours(1);
            }
            if (m.group(5) != null) {
                first = first.withMinute(Integer.parseInt(m.group(5)));
                next = first.plusMinutes(1);
            }
            if (m.group(6) != null) {
                first = first.withSecond(Integer.parseInt(m.group(6)));
                next = first.plusSeconds(1);
            }
            if (m.group(7) != null) {
                String digits = m.group(7);
                first = first.withNano(Integer.parseInt((digits + "000000").substring(0, 6)) * 1000);
                next = first.plusNanos((long) Math.pow(10, 6 - digits.length()) * 1000);
            }
            return new DateTimeBounds(first, next.minusNanos(1000));
        } catch (DateTimeException e) {
            throw new IllegalArgumentException("not a valid date-time");
        }
    }
}
