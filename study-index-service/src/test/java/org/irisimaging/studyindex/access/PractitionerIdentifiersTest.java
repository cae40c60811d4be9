package org.irisimaging.studyindex.access;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.irisimaging.studyindex.Samples;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Which codes of a Referring Physician Identification Sequence name a practitioner, as idNat_PS. */
class PractitionerIdentifiersTest {

    @Test
    void nationalSchemesGiveTheIdNatPsOfTheToken() {
        assertThat(PractitionerIdentifiers.idNatPs("1.2.250.1.71.4.2.1", "810000000011")).isEqualTo("810000000011");
        assertThat(PractitionerIdentifiers.idNatPs("IDNPS", "810000000011")).isEqualTo("810000000011");
        assertThat(PractitionerIdentifiers.idNatPs("idNat_PS", "810000000011")).isEqualTo("810000000011");
        assertThat(PractitionerIdentifiers.idNatPs("RPPS", "10000000011")).as("RPPS: prefix 8").isEqualTo("810000000011");
        assertThat(PractitionerIdentifiers.idNatPs("rpps", "810000000011")).as("already idNat_PS").isEqualTo("810000000011");
        assertThat(PractitionerIdentifiers.idNatPs("ADELI", "751234567")).as("ADELI: prefix 0").isEqualTo("0751234567");
        assertThat(PractitionerIdentifiers.idNatPs("ADELI", "0751234567")).isEqualTo("0751234567");
    }

    @Test
    void localCodesAndMalformedNumbersNameNobody() {
        assertThat(PractitionerIdentifiers.idNatPs("L", "810000000011")).as("a local code").isNull();
        assertThat(PractitionerIdentifiers.idNatPs("99RIS", "810000000011")).isNull();
        assertThat(PractitionerIdentifiers.idNatPs(null, "810000000011")).isNull();
        assertThat(PractitionerIdentifiers.idNatPs("RPPS", "1234")).isNull();
        assertThat(PractitionerIdentifiers.idNatPs("RPPS", "910000000011")).isNull();
        assertThat(PractitionerIdentifiers.idNatPs("ADELI", "75-123")).isNull();
        assertThat(PractitionerIdentifiers.idNatPs("IDNPS", "12345678901234567")).as("longer than SH").isNull();
    }

    @Test
    void everyPhysicianOfTheSequenceCountsOnce() {
        ObjectNode ds = JsonNodeFactory.instance.objectNode();
        assertThat(PractitionerIdentifiers.referringPhysicians(ds)).as("no sequence").isEmpty();
        Samples.setReferringPhysicianIds(ds, "RPPS", "10000000011", "L", "42", "IDNPS", "810000000029",
                "1.2.250.1.71.4.2.1", "810000000011");
        assertThat(PractitionerIdentifiers.referringPhysicians(ds)).containsExactly("810000000011", "810000000029");
        Samples.setName(ds, "00080090", "Martin^Claire");
        ds.remove("00080096");
        assertThat(PractitionerIdentifiers.referringPhysicians(ds)).as("a name alone names nobody").isEmpty();
    }
}
