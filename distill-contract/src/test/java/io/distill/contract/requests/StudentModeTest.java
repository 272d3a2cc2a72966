package io.distill.contract.requests;

import static org.assertj.core.api.Assertions.assertThat;

import io.distill.contract.json.Json;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** What each student mode means; the parameterized rules hold for every mode, a new one included. */
class StudentModeTest {

    @Test
    void distillTakesTheConfiguredWeightsAndTheSingleTermModesTakeOneAndZero() {
        assertThat(StudentMode.DISTILL.softWeight(0.9)).isEqualTo(0.9);
        assertThat(StudentMode.DISTILL.hardWeight(0.1)).isEqualTo(0.1);
        assertThat(StudentMode.HARD.softWeight(0.9)).isZero();
        assertThat(StudentMode.HARD.hardWeight(0.1)).isEqualTo(1);
        assertThat(StudentMode.SOFT.softWeight(0.9)).isEqualTo(1);
        assertThat(StudentMode.SOFT.hardWeight(0.1)).isZero();
        assertThat(StudentMode.values()).allSatisfy(m -> assertThat(m.temperature(20)).isEqualTo(20));
    }

    @Test
    void aWeightForATermTheModeLacksIsBlamedOnItsField() {
        assertThat(StudentMode.HARD.weightProblems(0.5, null)).containsExactly(new FieldProblem("softWeight",
                "is 0.5, but a hard student has no soft term; use mode distill"));
        assertThat(StudentMode.SOFT.weightProblems(null, 0.25)).containsExactly(new FieldProblem("hardWeight",
                "is 0.25, but a soft student has no hard term; use mode distill"));
        assertThat(StudentMode.HARD.weightProblems(0.0, 1.0)).isEmpty();
        assertThat(StudentMode.DISTILL.weightProblems(0.9, 0.1)).isEmpty();
    }

    @Test
    void aRequestBreaksTheRulesOfItsModeAndNeverHasBothWeightsZero() throws Exception {
        assertThat(student("{\"mode\": \"hard\", \"softWeight\": 0.5}").crossFieldProblems())
                .extracting(FieldProblem::field).containsExactly("softWeight");
        assertThat(student("{\"softWeight\": 0, \"hardWeight\": 0}").crossFieldProblems())
                .singleElement().satisfies(p -> assertThat(p.message()).contains("both 0"));
        assertThat(student("{\"softWeight\": 0.5}").crossFieldProblems()).isEmpty();
    }

    @Test
    void theReportLabelsTheModesAsTheResultsTableAlwaysHas() {
        assertThat(Arrays.stream(StudentMode.values()).map(StudentMode::label))
                .containsExactly("distilled", "hard", "soft");
        assertThat(StudentMode.HARD.reportOrder()).isLessThan(StudentMode.DISTILL.reportOrder());
        assertThat(StudentMode.DISTILL.reportOrder()).isLessThan(StudentMode.SOFT.reportOrder());
    }

    @Test
    void specialistsLearnHardLabelsWithOrWithoutSoftTargetsAndUseSoftTargetsNamesOneOfThose() {
        assertThat(StudentMode.ensembleModes()).isEqualTo("distill or hard");
        assertThat(StudentMode.SOFT.forEnsembles()).isFalse();
        assertThat(StudentMode.ofUseSoftTargets(true)).isEqualTo(StudentMode.DISTILL);
        assertThat(StudentMode.ofUseSoftTargets(false)).isEqualTo(StudentMode.HARD);
    }

    @Test
    void aSavedLossNamesItsTermsByTheFirstModeThatHasThem() {
        assertThat(StudentMode.withTerms(false, true)).isEqualTo(StudentMode.HARD);
        assertThat(StudentMode.withTerms(true, false)).isEqualTo(StudentMode.SOFT);
        assertThat(StudentMode.withTerms(true, true)).isEqualTo(StudentMode.DISTILL);
    }

    @ParameterizedTest
    @EnumSource(StudentMode.class)
    void everyModeHasATermReadsBackFromItsJsonNameAndHasItsOwnPlaceInTheReport(StudentMode mode) throws Exception {
        assertThat(mode.softTerm() || mode.hardTerm()).isTrue();
        assertThat(Json.mapper().readValue("\"" + mode.value() + "\"", StudentMode.class)).isEqualTo(mode);
        assertThat(StudentMode.of(mode.value())).contains(mode);
        // The report adds 5 for an augmented set, so a mode's place stays below it.
        assertThat(mode.reportOrder()).isBetween(0, 4);
        assertThat(Arrays.stream(StudentMode.values()).filter(m -> m != mode))
                .noneMatch(m -> m.reportOrder() == mode.reportOrder() || m.label().equals(mode.label()));
        // Defaults never break the mode's own rules.
        assertThat(mode.weightProblems(mode.softWeight(0.9), mode.hardWeight(0.1))).isEmpty();
        assertThat(mode.forEnsembles()).isEqualTo(mode.hardTerm());
    }

    @Test
    void anUnknownNameIsEmptyNotAnError() {
        assertThat(StudentMode.of("cold")).isEmpty();
    }

    private static StudentRequest student(String json) throws Exception {
        return Json.mapper().readValue(json, StudentRequest.class);
    }
}
