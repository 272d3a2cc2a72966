package io.distill.console.runs;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.distill.contract.json.Json;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JobNodeTest {

    private static JsonNode json(String text) throws Exception {
        return Json.mapper().readTree(text);
    }

    private static final String PLANNED = """
            {"service": "student-service", "id": "t-1-ts0-s0", "role": "hard student, full, seed 1",
             "parentId": "t-1-ts0"}""";

    @Test
    void aPlannedJobWithoutARecordWaitsAndShowsNoProgress() throws Exception {
        JobNode node = JobNode.of(json(PLANNED), 2, null);

        assertThat(node.state()).isEqualTo(JobNode.WAITING);
        assertThat(node.ended()).isFalse();
        assertThat(node.detail()).isEmpty();
        assertThat(node.elementId()).isEqualTo("job-t-1-ts0-s0");
    }

    @Test
    void progressEventsMoveTheNodeAndItsResultEndsIt() throws Exception {
        JobNode node = JobNode.of(json(PLANNED), 2, json("""
                {"state": "QUEUED", "epoch": 0, "epochs": 20, "progress": 0}"""));

        JobNode running = node.after(json("""
                {"type": "progress", "state": "RUNNING", "epoch": 5, "epochs": 20, "progress": 0.25,
                 "examplesPerSecond": 1234.4, "etaSeconds": 130, "validationErrors": 321}"""));
        assertThat(running.percent()).isEqualTo(25);
        assertThat(running.detail()).isEqualTo("epoch 5/20, 1,234 ex/s, 2 min 10 s left, 321 validation errors");

        JobNode failed = running.after(json("""
                {"type": "result", "state": "FAILED", "error": "out of memory"}"""));
        assertThat(failed.ended()).isTrue();
        assertThat(failed.percent()).isEqualTo(25);
        assertThat(failed.error()).isEqualTo("out of memory");
        assertThat(failed.detail()).doesNotContain("left");

        JobNode succeeded = running.after(json("{\"type\": \"result\", \"state\": \"SUCCEEDED\"}"));
        assertThat(succeeded.percent()).isEqualTo(100);
    }

    @Test
    void aBoardCountsItsEndedAndFailedJobs() throws Exception {
        JobNode teacher = JobNode.of(json("{\"service\": \"teacher-service\", \"id\": \"t-1\", \"role\": \"teacher\"}"),
                0, json("{\"state\": \"SUCCEEDED\", \"epochs\": 3, \"progress\": 1}"));
        JobNode set = JobNode.of(json("{\"service\": \"soft-target-service\", \"id\": \"t-1-ts0\", \"role\": \"set\"}"),
                1, json("{\"state\": \"CANCELLED\"}"));
        JobNode student = JobNode.of(json(PLANNED), 2, null);
        RunBoard board = new RunBoard(json("{\"id\": \"t-1\"}"), List.of(teacher, set, student), Map.of());

        assertThat(board.summary()).isEqualTo("2 of 3 jobs ended, 1 failed or cancelled");
        assertThat(board.with(student.after(json("{\"type\": \"result\", \"state\": \"SUCCEEDED\"}"))).summary())
                .isEqualTo("3 of 3 jobs ended, 1 failed or cancelled");
    }

    @Test
    void durationsReadAsAPersonSaysThem() {
        assertThat(JobNode.duration(42)).isEqualTo("42 s");
        assertThat(JobNode.duration(130)).isEqualTo("2 min 10 s");
        assertThat(JobNode.duration(7_380)).isEqualTo("2 h 3 min");
    }
}
