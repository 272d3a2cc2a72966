package io.distill.core.specialist;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.distill.contract.metrics.CoverageTable;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class SpecialistMixTest {

    @Test
    void theMixIsHalfSubsetHalfOthersAndTheShiftUndoesTheOversampling() {
        int[] labels = new int[1_000];
        Arrays.setAll(labels, i -> i % 10);
        ClassSubset s = new ClassSubset(List.of(2, 5), 10);

        SpecialistMix mix = SpecialistMix.draw(labels, s, 4);

        assertThat(mix.subsetExamples()).isEqualTo(200);
        assertThat(mix.otherExamples()).isEqualTo(200);
        assertThat(Arrays.stream(mix.positions()).limit(200).allMatch(i -> s.contains(labels[i]))).isTrue();
        assertThat(Arrays.stream(mix.positions()).skip(200).noneMatch(i -> s.contains(labels[i]))).isTrue();
        assertThat(Arrays.stream(mix.positions()).distinct().count()).isEqualTo(400);
        // S is 1:1 against the dustbin in the mix and 200:800 in the set: oversampled 4 times.
        assertThat(mix.oversamplingFactor()).isCloseTo(4.0, within(1e-12));
        assertThat(mix.dustbinLogitShift()).isCloseTo(Math.log(4), within(1e-12));
        assertThat(SpecialistMix.draw(labels, s, 4).positions()).containsExactly(mix.positions());
    }

    @Test
    void coverageRowsCountEveryExampleOnce() {
        CoverageTable table = new CoverageTable();
        table.add(0, true, true);
        table.add(1, false, true);
        table.add(1, true, true);
        table.add(2, true, false);

        List<CoverageTable.Row> rows = table.rows();

        assertThat(rows).extracting(CoverageTable.Row::specialistsCovering).containsExactly(0, 1, 2);
        assertThat(rows.stream().mapToInt(CoverageTable.Row::examples).sum()).isEqualTo(4);
        assertThat(rows.get(1).relativeChange()).isCloseTo(1.0, within(1e-12));
        assertThat(rows.get(2).relativeChange()).isCloseTo(-1.0, within(1e-12));
        assertThat(rows).extracting(CoverageTable.Row::controlCorrect).containsOnlyNulls();
    }

    @Test
    void aTableWithAControlCountsItsCorrectAnswersPerRowAndRefusesAnExampleWithoutOne() {
        CoverageTable table = new CoverageTable(true);
        table.add(1, false, true, true);
        table.add(1, true, true, false);
        table.add(2, true, false, true);

        List<CoverageTable.Row> rows = table.rows();

        assertThat(rows).extracting(CoverageTable.Row::controlCorrect).containsExactly(1, 1);
        assertThat(rows).extracting(CoverageTable.Row::generalistCorrect).containsExactly(1, 1);
        assertThatThrownBy(() -> table.add(1, true, true)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("controlCorrect");
        assertThatThrownBy(() -> new CoverageTable().add(1, true, true, true))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("without a control");
    }
}
