package io.distill.pipeline.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import io.distill.pipeline.report.RunFolder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The jobs invariant of a fault run: every job ends SUCCEEDED once; a result sent again is not a second end;
 * a job that never ended is shown with what its service logged about it.
 */
class ChaosCheckTest {

    @TempDir
    Path run;

    @Test
    void aResultSentTwiceIsOneEnd() throws Exception {
        ChaosCheck check = check(
                result("teacher-service", "t-1", "SUCCEEDED", "2026-11-30T10:00:00Z"),
                result("teacher-service", "t-1", "SUCCEEDED", "2026-11-30T10:00:00Z"));
        assertThat(check.write()).isTrue();
        assertThat(Files.readString(run.resolve("chaos.md"))).contains("1 result(s) sent again");
    }

    @Test
    void twoCompletionsOfOneJobBreakTheInvariant() throws Exception {
        ChaosCheck check = check(
                result("student-service", "s-1", "SUCCEEDED", "2026-11-30T10:00:00Z"),
                result("student-service", "s-1", "SUCCEEDED", "2026-11-30T10:05:00Z"));
        assertThat(check.write()).isFalse();
        assertThat(Files.readString(run.resolve("chaos.md"))).contains("student-service/s-1 completed 2 times");
    }

    @Test
    void aJobWithoutAResultOrThatFailedBreaksTheInvariant() throws Exception {
        Files.write(run.resolve("soft-target-service-0.log"), List.of("10:00:01 set ts-1 starts (attempt 2)",
                "10:00:02 set ts-2 starts", "10:00:03 set ts-1 waits for the database"));
        ChaosCheck check = check(
                "{\"type\": \"progress\", \"service\": \"soft-target-service\", \"jobId\": \"ts-1\", \"message\": \"streaming\"}",
                result("specialist-service", "e-1", "FAILED", "2026-11-30T10:00:00Z"));
        assertThat(check.write()).isFalse();
        assertThat(Files.readString(run.resolve("chaos.md")))
                .contains("soft-target-service/ts-1 never ended")
                .contains("specialist-service/e-1 ended FAILED at 2026-11-30T10:00:00Z")
                .contains("soft-target-service-0.log: 10:00:01 set ts-1 starts (attempt 2)\n"
                        + "    soft-target-service-0.log: 10:00:03 set ts-1 waits for the database")
                .doesNotContain("ts-2");
    }

    private ChaosCheck check(String... events) throws Exception {
        Files.write(run.resolve(RunFolder.PROGRESS), List.of(events));
        ChaosCheck check = new ChaosCheck(new RunFolder(run));
        check.jobs();
        return check;
    }

    private static String result(String service, String job, String state, String finishedAt) {
        return "{\"type\": \"result\", \"service\": \"" + service + "\", \"jobId\": \"" + job + "\", \"state\": \""
                + state + "\", \"finishedAt\": \"" + finishedAt + "\"}";
    }
}
