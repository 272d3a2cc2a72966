package io.distill.pipeline.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ResultsDocumentTest {

    @TempDir
    Path dir;

    @Test
    void resultsJsonReadsBackAsTheSameDocument() throws Exception {
        SyntheticRun run = new SyntheticRun().teacher("t-1", 1, 88).set("ts", "").set("ts-no3", "\"omitClasses\": [3]")
                .student("s-1", "ts", "distill", 1, 116).student("s-2", "ts", "distill", 2, 121)
                .biasFixed("s-3", "ts-no3", 1, 213, 148).ensemble("e-1", "ts", 1, 88, 80)
                .failedStudent("s-4", "ts", "out of memory");
        ResultsDocument doc = ResultsTable.of(run.results(), run.jobs())
                .document(SyntheticRun.START, Instant.parse("2026-01-01T11:11:00Z"));

        doc.write(dir.resolve("results.json"));
        ResultsDocument back = ResultsDocument.read(dir.resolve("results.json"));

        assertThat(back).isEqualTo(doc);
        assertThat(back.wallSeconds()).isEqualTo(71 * 60);
        assertThat(back.rows()).hasSize(5);
        // The fields a reader of the file relies on, by name.
        assertThat(Files.readString(dir.resolve("results.json"))).contains("\"role\" : \"distilled\"", "\"n\" : 2",
                "\"sd\" : null", "\"jobId\" : \"s-2\"", "\"seed\" : 2", "\"text\" : \"206\"", "\"state\" : \"FAILED\"")
                .doesNotContain("\"label\"");
    }
}
