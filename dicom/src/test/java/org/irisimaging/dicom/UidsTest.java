package org.irisimaging.dicom;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class UidsTest {

    @Test
    void lenientToleratesLeadingZerosOnly() {
        assertTrue(Uids.isValidLenient("1.2.840.10008.1.2.1"));
        assertTrue(Uids.isValidLenient("1.2.840.113619.2.55.3.02")); // legacy equipment
        assertTrue(Uids.isValidLenient("1." + "2".repeat(62)));
        assertFalse(Uids.isValidLenient(null));
        assertFalse(Uids.isValidLenient(""));
        assertFalse(Uids.isValidLenient("1..2"));
        assertFalse(Uids.isValidLenient("1.2.a"));
        assertFalse(Uids.isValidLenient("1.2."));
        assertFalse(Uids.isValidLenient("1." + "2".repeat(63)));
    }

    @Test
    void strictFollowsPs35() {
        assertTrue(Uids.isValidStrict("1.2.840.10008.1.2.1"));
        assertTrue(Uids.isValidStrict("2.25.0.1"));
        assertFalse(Uids.isValidStrict("1.2.840.113619.2.55.3.02"));
        assertFalse(Uids.isValidStrict("1.2.840.10008.1.2.1 "));
        assertFalse(Uids.isValidStrict(null));
        assertFalse(Uids.isValidStrict("1." + "2".repeat(63)));
    }

    @Test
    void aMultiValuedStringIsNeverAUid() {
        assertFalse(Uids.isValidLenient("2.25.111\\2.25.222"));
        assertFalse(Uids.isValidStrict("2.25.111\\2.25.222"));
    }
}
