package io.distill.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.distill.contract.json.Json;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ProgressBoardTest {

    private static final String PLAN = """
            {"hidden": [1200, 1200], "plan": {"transferSets": [
              {"name": "full", "students": [{"mode": "hard", "seed": 1}, {"mode": "distill", "temperature": 20,
               "seed": 1}], "ensembles": [{"specialists": 2, "control": true}]},
              {"name": "no-threes", "omitClasses": [3], "students": [{"mode": "distill", "temperature": 20,
               "biasAdjust": "auto", "seed": 2}]}]}}""";

    @Test
    void everyPlannedJobHasItsRoleAsLabelAndItsPartsTheirsUnderIt() throws Exception {
        PlannedJobs jobs = PlannedJobs.of("t-1", Json.mapper().readTree(PLAN));

        assertThat(jobs.size()).isEqualTo(PipelineClient.expectedJobs(Json.mapper().readTree(PLAN).path("plan")));
        assertThat(jobs.labels()).containsExactly(
                java.util.Map.entry("teacher-service/t-1", "teacher"),
                java.util.Map.entry("soft-target-service/t-1-ts0", "transfer set full"),
                java.util.Map.entry("student-service/t-1-ts0-s0", "hard student, full, seed 1"),
                java.util.Map.entry("student-service/t-1-ts0-s1", "distilled T=20 student, full, seed 1"),
                java.util.Map.entry("specialist-service/t-1-ts0-e0", "specialists and control, full"),
                java.util.Map.entry("soft-target-service/t-1-ts1", "transfer set no-threes"),
                java.util.Map.entry("student-service/t-1-ts1-s0",
                        "distilled T=20 student, no-threes, bias fix, seed 2"));
        assertThat(jobs.label("specialist-service/t-1-ts0-e0-sp1")).isEqualTo("specialists and control, full › sp1");
        assertThat(jobs.label("student-service/s-elsewhere")).isEqualTo("student-service/s-elsewhere");
    }

    @Test
    void aPlainBoardPrintsChangesTotalsAndAFailureAtOnce() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ProgressBoard board = new ProgressBoard(new PrintStream(bytes, true, StandardCharsets.UTF_8), false,
                PlannedJobs.of("t-1", Json.mapper().readTree(PLAN)));

        board.update("teacher-service/t-1", event("{\"state\": \"RUNNING\", \"epoch\": 2, \"epochs\": 8,"
                + " \"progress\": 0.25, \"examplesPerSecond\": 1500, \"etaSeconds\": 125}"));
        board.update("teacher-service/t-1", event("{\"type\": \"result\", \"state\": \"SUCCEEDED\","
                + " \"metrics\": {\"testErrors\": 288}}"));
        board.update("student-service/t-1-ts0-s0", event("{\"type\": \"result\", \"state\": \"FAILED\","
                + " \"error\": \"the transfer set expired\"}"));
        String printed = bytes.toString(StandardCharsets.UTF_8);

        assertThat(printed).contains("teacher").contains("[#####---------------]  25%  epoch 2/8")
                .contains("ETA 2m05s").contains("test errors 288")
                .contains("1 of 7 jobs ended (1 succeeded, 0 not)")
                .contains("FAILED: hard student, full, seed 1 (student-service/t-1-ts0-s0): the transfer set expired")
                .contains("2 of 7 jobs ended (1 succeeded, 1 not)")
                .doesNotContain("\033[");
        assertThat(board.notEnded()).hasSize(5).first().isEqualTo("transfer set full");
    }

    @Test
    void aLiveBoardShowsJobsNotStartedYetAndRedrawsInPlace() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ProgressBoard board = new ProgressBoard(new PrintStream(bytes, true, StandardCharsets.UTF_8), true,
                PlannedJobs.of("t-1", Json.mapper().readTree(PLAN)));
        String first = bytes.toString(StandardCharsets.UTF_8);
        board.update("teacher-service/t-1", event("{\"state\": \"RUNNING\", \"epoch\": 1, \"epochs\": 8,"
                + " \"progress\": 0.125, \"examplesPerSecond\": 1500}"));
        String second = bytes.toString(StandardCharsets.UTF_8).substring(first.length());

        // Seven jobs waiting, then the total: eight lines, which the next draw moves back over.
        assertThat(first.split("\n")).hasSize(8);
        assertThat(first).contains("transfer set no-threes").contains("waiting")
                .contains("0 of 7 jobs ended");
        assertThat(second).startsWith("\033[8A").contains("RUNNING").contains("epoch 1/8");
    }

    private static JsonNode event(String json) throws Exception {
        return Json.mapper().readTree(json);
    }
}
