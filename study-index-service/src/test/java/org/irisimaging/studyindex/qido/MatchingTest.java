package org.irisimaging.studyindex.qido;

import org.irisimaging.studyindex.access.SqlCondition;
import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MatchingTest {

    @Test
    void wildcardsBecomeLikePatternsAndLikeCharactersAreEscaped() {
        assertThat(Matching.likePattern("Chest_100%*")).isEqualTo("Chest\\_100\\%%");
        assertThat(Matching.likePattern("a?b\\c")).isEqualTo("a_b\\\\c");
        assertThat(Matching.STRING.match("c", null, "AB*", false))
                .contains(new SqlCondition("c like ? escape '\\'", List.of("AB%")));
        assertThat(Matching.STRING.match("c", null, " AB ", false)).contains(new SqlCondition("c = ?", List.of("AB")));
        assertThat(Matching.STRING.match("c", null, "**", false)).isEmpty();
        assertThat(Matching.STRING.match("c", null, "", false)).isEmpty();
    }

    @Test
    void rangesHaveInclusiveBounds() {
        assertThat(Matching.DATE.match("d", null, "20240101-20241231", false)).contains(new SqlCondition(
                "d >= ? and d <= ?", List.of(LocalDate.of(2024, 1, 1), LocalDate.of(2024, 12, 31))));
        assertThat(Matching.DATE.match("d", null, "-20241231", false))
                .contains(new SqlCondition("d <= ?", List.of(LocalDate.of(2024, 12, 31))));
        assertThatThrownBy(() -> Matching.DATE.match("d", null, "-", false)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void personNames() {
        assertThat(Matching.PERSON_NAME.match("n", "w", "buc^j*", false))
                .contains(new SqlCondition("n like ? escape '\\'", List.of("BUC^J%")));
        assertThat(Matching.PERSON_NAME.match("n", "w", "Jérôme buc*", true))
                .contains(new SqlCondition("w @> ?", List.of(List.of("JEROME", "BUC"))));
        Optional<SqlCondition> onlySeparators = Matching.PERSON_NAME.match("n", "w", "^", true);
        assertThat(onlySeparators).isEmpty();
        assertThat(Matching.PERSON_NAME.match("n", "w", "*bob* jér", true)).contains(new SqlCondition(
                "w @> ? and exists (select 1 from unnest(w) w where w like ? escape '\\')", List.of(List.of("JER"), "%BOB")));
    }
}
