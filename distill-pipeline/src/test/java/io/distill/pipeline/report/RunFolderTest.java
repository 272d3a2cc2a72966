package io.distill.pipeline.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunFolderTest {

    @TempDir
    Path dir;

    @Test
    void aFolderWithoutThePostedTeacherJobPostsAndOneWithItResumes() throws Exception {
        RunFolder folder = new RunFolder(dir.resolve("run"));
        assertThat(folder.start()).isEqualTo(RunFolder.Start.POST);

        // Events of an attempt that died before the POST answered do not make a run to resume.
        try (ProgressLog log = folder.newProgressLog()) {
            log.append(SyntheticRun.json("{\"type\": \"progress\", \"jobId\": \"t-0\"}"));
        }
        assertThat(folder.start()).isEqualTo(RunFolder.Start.POST);

        folder.saveTeacherJob(SyntheticRun.json("{\"id\": \"t-1\"}"));
        assertThat(folder.start()).isEqualTo(RunFolder.Start.RESUME);
        assertThat(new RunFolder(folder.dir()).teacherJob().path("id").asText()).isEqualTo("t-1");
    }

    @Test
    void eachClientRunRewritesTheProgressLogSoAResumeWritesNoEventTwice() throws Exception {
        RunFolder folder = new RunFolder(dir);
        try (ProgressLog log = folder.newProgressLog()) {
            log.append(SyntheticRun.json("{\"epoch\": 1}"));
            log.append(SyntheticRun.json("{\"epoch\": 2}"));
            // Flushed line by line: a reader sees both while the log is still open.
            assertThat(folder.events()).hasSize(2);
        }
        try (ProgressLog log = folder.newProgressLog()) {
            log.append(SyntheticRun.json("{\"epoch\":\n 1}"));
        }

        assertThat(folder.events()).singleElement().satisfies(e -> assertThat(e.path("epoch").asInt()).isEqualTo(1));
        assertThat(Files.readAllLines(folder.file(RunFolder.PROGRESS))).containsExactly("{\"epoch\":1}");
    }

    @Test
    void jobRecordsAreSavedByServiceAndIdAndAMissingOneReadsEmpty() {
        RunFolder folder = new RunFolder(dir);
        folder.saveJob("student-service", "s-1", SyntheticRun.json("{\"id\": \"s-1\", \"state\": \"SUCCEEDED\"}"));

        assertThat(dir.resolve("jobs/student-service/s-1.json")).isRegularFile();
        assertThat(folder.job("student-service", "s-1").path("state").asText()).isEqualTo("SUCCEEDED");
        assertThat(folder.job("student-service", "s-2").isEmpty()).isTrue();
        assertThat(folder.job("soft-target-service", "").isEmpty()).isTrue();
        assertThatThrownBy(() -> folder.saveJob("student-service", "../../escape", SyntheticRun.json("{}")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("../../escape");
    }
}
