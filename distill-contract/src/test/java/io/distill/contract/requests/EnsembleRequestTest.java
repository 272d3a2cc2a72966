package io.distill.contract.requests;

import static org.assertj.core.api.Assertions.assertThat;

import io.distill.contract.json.Json;
import org.junit.jupiter.api.Test;

/** An ensemble's mode, and {@code useSoftTargets}, its older name. */
class EnsembleRequestTest {

    @Test
    void useSoftTargetsStandsForDistillOrHardAndARequestStoredBeforeModeExistedReadsAsItDid() throws Exception {
        EnsembleRequest stored = ensemble("{\"generalistModelId\": \"g\", \"transferSetId\": \"ts\","
                + " \"useSoftTargets\": true, \"temperature\": 4.0, \"softWeight\": 0.5}");
        assertThat(stored.mode()).isNull();
        assertThat(stored.modeOrAlias()).isEqualTo(StudentMode.DISTILL);
        assertThat(stored.learnsSoftTargets()).isTrue();
        assertThat(ensemble("{\"useSoftTargets\": false}").modeOrAlias()).isEqualTo(StudentMode.HARD);
        assertThat(ensemble("{\"mode\": \"distill\"}").learnsSoftTargets()).isTrue();
        assertThat(ensemble("{}").modeOrAlias()).isNull();
        assertThat(ensemble("{}").learnsSoftTargets()).isFalse();
    }

    @Test
    void aModeWithoutTheHardTermAndAnAliasThatContradictsTheModeAreBlamedOnTheirFields() throws Exception {
        assertThat(ensemble("{\"mode\": \"soft\"}").crossFieldProblems()).singleElement().satisfies(p -> {
            assertThat(p.field()).isEqualTo("mode");
            assertThat(p.message()).isEqualTo("is soft, but specialists always learn the hard labels of their subset"
                    + " and dustbin; use distill or hard");
        });
        assertThat(ensemble("{\"mode\": \"hard\", \"useSoftTargets\": true}").crossFieldProblems())
                .extracting(FieldProblem::field).containsExactly("useSoftTargets");
        assertThat(ensemble("{\"mode\": \"distill\", \"useSoftTargets\": false}").crossFieldProblems())
                .extracting(FieldProblem::field).containsExactly("useSoftTargets");
        assertThat(ensemble("{\"mode\": \"distill\", \"useSoftTargets\": true}").crossFieldProblems()).isEmpty();
        assertThat(ensemble("{\"mode\": \"hard\", \"useSoftTargets\": false}").crossFieldProblems()).isEmpty();
    }

    @Test
    void aZeroSoftWeightIsRefusedWhenEitherNameAsksForTheSoftTerm() throws Exception {
        assertThat(ensemble("{\"useSoftTargets\": true, \"softWeight\": 0}").crossFieldProblems()).singleElement()
                .isEqualTo(new FieldProblem("softWeight", "is 0, but useSoftTargets asks for a soft term"));
        assertThat(ensemble("{\"mode\": \"distill\", \"softWeight\": 0}").crossFieldProblems()).singleElement()
                .isEqualTo(new FieldProblem("softWeight", "is 0, but mode distill asks for a soft term"));
        assertThat(ensemble("{\"mode\": \"hard\", \"softWeight\": 0}").crossFieldProblems()).isEmpty();
    }

    @Test
    void anAbsentModeIsLeftOutOfTheJsonSoRequestsAndPlansWithoutItWriteWhatTheyDid() throws Exception {
        String without = Json.mapper().writeValueAsString(ensemble("{\"useSoftTargets\": true}"));
        assertThat(without).doesNotContain("\"mode\"").contains("\"seed\":null,\"useSoftTargets\":true,");
        String with = Json.mapper().writeValueAsString(ensemble("{\"mode\": \"hard\"}"));
        assertThat(with).contains("\"seed\":null,\"mode\":\"hard\",\"useSoftTargets\":null,");
    }

    @Test
    void aPlanEntryBecomesAJobForItsSetWithTheSetsFirstTeacherUnlessItNamesAGeneralist() throws Exception {
        EnsembleRequest entry = ensemble("{\"specialists\": 2, \"mode\": \"distill\"}");
        EnsembleRequest job = entry.forTransferSet("ts-1", "t-1-0");
        assertThat(job.generalistModelId()).isEqualTo("t-1-0");
        assertThat(job.transferSetId()).isEqualTo("ts-1");
        assertThat(job.waitForInputs()).isTrue();
        assertThat(job.withTransferSetId(null).withGeneralistModelId(null).withWaitForInputs(null)).isEqualTo(entry);
        assertThat(ensemble("{\"generalistModelId\": \"g\"}").forTransferSet("ts-1", "t-1-0").generalistModelId())
                .isEqualTo("g");
    }

    private static EnsembleRequest ensemble(String json) throws Exception {
        return Json.mapper().readValue(json, EnsembleRequest.class);
    }
}
