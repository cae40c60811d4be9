package org.irisimaging.studyindex.attributes;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class PersonNamesTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    @Test
    void upperFormDropsTrailingEmptyComponentsAndPadding() throws Exception {
        assertThat(PersonNames.upperForm("Buc^Jérôme^^ ")).isEqualTo("BUC^JÉRÔME");
        assertThat(PersonNames.upperForm("Buc ^Jérôme")).isEqualTo("BUC^JÉRÔME");
        assertThat(PersonNames.upperForm("^^^^")).isNull();
        assertThat(PersonNames.upperForm(MAPPER.readTree("{\"Alphabetic\":\"Doe^John\",\"Ideographic\":\"山田\"}")))
                .isEqualTo("DOE^JOHN");
        assertThat(PersonNames.upperForm(MAPPER.readTree("{\"Ideographic\":\"山田\"}"))).isNull();
    }

    @Test
    void fuzzyKeysArePrefixesOfAccentFreeWordsOfEveryGroup() throws Exception {
        var attribute = MAPPER.readTree("""
                {"vr":"PN","Value":[{"Alphabetic":"Buc^Jérôme-Øle","Ideographic":"山田^太郎"}]}""");
        assertThat(PersonNames.fuzzyKeys(attribute)).contains("B", "BU", "BUC", "J", "JEROME", "O", "OL", "OLE",
                "山", "山田", "太郎").doesNotContain("JÉRÔME", "ROME", "BUC^JEROME");
        assertThat(PersonNames.words("d'Artagnan  Łukasz")).containsExactly("D", "ARTAGNAN", "LUKASZ");
    }
}
