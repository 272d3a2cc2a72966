package io.distill.pipeline.report;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * Rewrites a run folder's report, {@code results.json}, {@code results.md} and the PNG plots, from
 * its {@code progress.jsonl} and saved job records alone, with no service running.
 *
 * <pre>
 * RunReport RUN_DIR      (deploy/local/report.sh RUN_DIR)
 * </pre>
 */
public final class RunReport {

    private RunReport() {}

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** The command: rewrites the report of the folder {@code args[0]}; the exit status. */
    static int run(String... args) {
        System.setProperty("java.awt.headless", "true");
        if (args.length != 1) {
            System.err.println("usage: RunReport RUN_DIR   (a folder written by PipelineClient --run-dir)");
            return 2;
        }
        RunFolder folder = new RunFolder(Path.of(args[0]));
        if (!Files.isRegularFile(folder.file(RunFolder.PROGRESS))) {
            System.err.println("RunReport: " + folder.file(RunFolder.PROGRESS) + " does not exist; is "
                    + folder.dir() + " a run folder?");
            return 1;
        }
        ResultsTable table = regenerate(folder);
        System.out.print(table.render());
        System.out.println("Wrote " + String.join(", ", RunFolder.RESULTS_JSON, RunFolder.RESULTS_MD,
                RunFolder.VALIDATION_PNG, RunFolder.RESULTS_PNG) + " in " + folder.dir());
        return 0;
    }

    /** Reads the folder's events and job records, and writes the table as JSON and Markdown, then the plots. */
    public static ResultsTable regenerate(RunFolder folder) {
        List<JsonNode> events = folder.events();
        List<JsonNode> results = EndedJobs.of(events).results();
        ResultsTable table = ResultsTable.of(results, folder::job);
        ResultsDocument doc = table.document(startedAt(folder.teacherJob(), events), endedAt(results));
        doc.write(folder.file(RunFolder.RESULTS_JSON));
        RunFolder.writeAtomically(folder.file(RunFolder.RESULTS_MD),
                ResultsMarkdown.render(doc).getBytes(StandardCharsets.UTF_8));
        ResultsPlots.render(folder);
        return table;
    }

    /** When the teacher job was created; without its record, the first event's time. */
    static Instant startedAt(JsonNode teacherJob, List<JsonNode> events) {
        if (teacherJob != null && teacherJob.hasNonNull("createdAt")) {
            return Instant.parse(teacherJob.path("createdAt").asText());
        }
        return events.stream().map(RunReport::time).filter(Objects::nonNull).min(Instant::compareTo).orElse(null);
    }

    /** When the last of the pipeline's jobs ended. */
    static Instant endedAt(List<JsonNode> results) {
        return results.stream().map(RunReport::time).filter(Objects::nonNull).max(Instant::compareTo).orElse(null);
    }

    private static Instant time(JsonNode event) {
        JsonNode at = event.hasNonNull("finishedAt") ? event.path("finishedAt") : event.path("timestamp");
        return at.isTextual() ? Instant.parse(at.asText()) : null;
    }
}
