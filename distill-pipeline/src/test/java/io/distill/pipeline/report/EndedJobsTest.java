package io.distill.pipeline.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class EndedJobsTest {

    @Test
    void onlyResultsOfJobsThatAreNotPartOfAnotherCountOncePerJob() {
        EndedJobs ended = EndedJobs.of(List.of(
                SyntheticRun.json("{\"type\": \"progress\", \"service\": \"student-service\", \"jobId\": \"s-1\"}"),
                SyntheticRun.json("{\"type\": \"result\", \"service\": \"teacher-service\", \"jobId\": \"t-1-0\","
                        + " \"parentId\": \"t-1\", \"state\": \"FAILED\"}"),
                SyntheticRun.json("{\"type\": \"result\", \"service\": \"teacher-service\", \"jobId\": \"t-1\","
                        + " \"parentId\": null, \"state\": \"FAILED\"}"),
                SyntheticRun.json("{\"type\": \"result\", \"service\": \"student-service\", \"jobId\": \"t-1\","
                        + " \"state\": \"SUCCEEDED\"}"),
                // The same job again (a takeover that ended it once more): its last result counts.
                SyntheticRun.json("{\"type\": \"result\", \"service\": \"teacher-service\", \"jobId\": \"t-1\","
                        + " \"state\": \"SUCCEEDED\"}")));

        assertThat(ended.count()).isEqualTo(2);
        assertThat(ended.anyFailed()).isFalse();
        assertThat(ended.results()).extracting(r -> r.path("service").asText())
                .containsExactly("student-service", "teacher-service");
    }
}
