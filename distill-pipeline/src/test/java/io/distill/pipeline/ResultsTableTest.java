package io.distill.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.distill.core.events.Json;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ResultsTableTest {

    private static final Map<String, String> JOBS = Map.of(
            "t-1", "{\"request\": {\"hidden\": [1200, 1200]}}",
            "ts-full", "{\"request\": {\"omitClasses\": [], \"onlyClasses\": [], \"limit\": 2000}}",
            "ts-no3", "{\"request\": {\"omitClasses\": [3], \"onlyClasses\": [], \"limit\": 2000}}",
            "ts-aug", "{\"request\": {\"omitClasses\": [], \"onlyClasses\": [], \"limit\": 2000, \"copies\": 10,"
                    + " \"jitter\": 2}}",
            "s-hard", "{\"request\": {\"mode\": \"hard\", \"hidden\": [800, 800], \"transferSetId\": \"ts-full\"}}",
            "s-soft", "{\"request\": {\"mode\": \"distill\", \"temperature\": 20, \"hidden\": [800, 800],"
                    + " \"transferSetId\": \"ts-full\"}}",
            "s-no3", "{\"request\": {\"mode\": \"distill\", \"temperature\": 20, \"hidden\": [800, 800],"
                    + " \"transferSetId\": \"ts-no3\"}}",
            "s-aug", "{\"request\": {\"mode\": \"distill\", \"temperature\": 20, \"hidden\": [800, 800],"
                    + " \"transferSetId\": \"ts-aug\"}}");

    @Test
    void countsTheTeacherEachTransferSetAndEveryStudentAndEnsembleOfThePlan() throws Exception {
        JsonNode plan = Json.mapper().readTree("""
                {"transferSets": [{"students": [{}, {}], "ensembles": [{}]}, {"students": [{}]}]}""");

        assertThat(PipelineClient.expectedJobs(plan)).isEqualTo(1 + 2 + 3 + 1);
        assertThat(PipelineClient.expectedJobs(Json.mapper().createObjectNode())).isEqualTo(1);
    }

    @Test
    void comparesOnlyTheFullSetsStudentsAndShowsTheBiasFixAsTwoRows() throws Exception {
        ResultsTable table = ResultsTable.of(List.of(
                result("teacher-service", "t-1", "{\"testErrors\": 150}"),
                result("soft-target-service", "ts-full", "{\"count\": 2000}"),
                result("student-service", "s-hard", "{\"testErrors\": 400}"),
                result("student-service", "s-soft", "{\"testErrors\": 300}"),
                // The omitted-3 student has fewer errors than neither, but must not count as the distilled one.
                result("student-service", "s-no3", "{\"testErrors\": 500, \"biasAdjustment\": {\"bias\": 2.5,"
                        + " \"testErrorsBefore\": 900, \"testErrorsAfter\": 500,"
                        + " \"testErrorsOnMissingBefore\": 420, \"testErrorsOnMissingAfter\": 30}}")), ResultsTableTest::job);

        String text = table.render();

        assertThat(table.distilledBeatsHard()).isTrue();
        assertThat(text).contains("teacher 784-1200-1200-10").contains("hard-label student 784-800-800-10, first 2000")
                .contains("before the bias fix").contains("bias +2.5 chosen on validation");
        assertThat(text.lines().filter(l -> l.contains("s-no3"))).hasSize(2)
                .anySatisfy(l -> assertThat(l).contains("(420 on the missing classes)").contains("900").endsWith("206"))
                .anySatisfy(l -> assertThat(l).contains("(30 on the missing classes)").contains("500").endsWith("109"));
    }

    @Test
    void aStudentOfAnAugmentedSetIsShownWithItsCopiesAndNotComparedWithThePaper() throws Exception {
        ResultsTable table = ResultsTable.of(List.of(
                result("soft-target-service", "ts-aug", "{\"count\": 20000}"),
                result("student-service", "s-hard", "{\"testErrors\": 400}"),
                // Fewer errors than the hard student, but on translated copies the paper's set does not have.
                result("student-service", "s-aug", "{\"testErrors\": 200}")), ResultsTableTest::job);

        String text = table.render();

        assertThat(table.distilledBeatsHard()).isFalse();
        assertThat(text).contains("transfer set, first 2000, 10 copies jittered by up to 2 px, 20000 events");
        assertThat(text.lines().filter(l -> l.contains("distill student"))).singleElement()
                .satisfies(l -> assertThat(l).contains("10 copies").contains("200").endsWith("-"));
    }

    @Test
    void aDistilledStudentWithMoreErrorsFailsTheCheck() throws Exception {
        ResultsTable table = ResultsTable.of(List.of(
                result("student-service", "s-hard", "{\"testErrors\": 300}"),
                result("student-service", "s-soft", "{\"testErrors\": 300}")), ResultsTableTest::job);

        assertThat(table.distilledBeatsHard()).isFalse();
    }

    private static JsonNode result(String service, String id, String metrics) throws Exception {
        return Json.mapper().readTree("{\"service\": \"" + service + "\", \"jobId\": \"" + id
                + "\", \"state\": \"SUCCEEDED\", \"metrics\": " + metrics + ", \"finishedAt\": \"2026-11-27T00:00:00Z\"}");
    }

    private static JsonNode job(String service, String id) {
        try {
            return Json.mapper().readTree(JOBS.getOrDefault(id, "{}"));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
