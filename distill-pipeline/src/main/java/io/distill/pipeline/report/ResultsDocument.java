package io.distill.pipeline.report;

import io.distill.contract.json.Json;
import io.distill.contract.records.Builder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

/**
 * {@code results.json}: the results table by role, with every seed's job, and the pipeline's wall
 * time and jobs; the plots and {@code results.md} are drawn from it.
 *
 * @param startedAt   when the teacher job was created
 * @param endedAt     when the last job of the pipeline ended
 * @param wallSeconds from {@code startedAt} to {@code endedAt}; null when either is unknown
 * @param rows        the table, one row per role and model, seeds pooled
 * @param jobs        every job of the pipeline that ended, failed ones included, in the order they ended
 */
public record ResultsDocument(Instant startedAt, Instant endedAt, Long wallSeconds, List<Row> rows, List<JobLine> jobs) {

    /**
     * One row: the students (or teachers, or ensembles) that differ only in seed.
     *
     * @param role    {@code teacher}, {@code hard}, {@code distilled}, {@code omit-3}, ... (see docs/results.md)
     * @param biasFix {@code before} or {@code after} for the two rows of a student with the bias fix; null otherwise
     * @param mean    mean test errors over the runs
     * @param sd      their sample standard deviation; null for a single run
     * @param paper   the paper's figure for this role at full size; null when it has none
     */
    @Builder
    public record Row(String role, String biasFix, String model, int n, double mean, Double sd, List<Run> runs,
            Paper paper) {

        /** The role as the table shows it: with the bias-fix stage when there is one. */
        public String label() {
            return biasFix == null ? role : role + ", " + biasFix + " fix";
        }
    }

    /**
     * One seed's job in a row.
     *
     * @param validationErrors     its final validation errors (for a bias-fix row, before or after the fix)
     * @param generalistTestErrors a specialist ensemble's generalist alone; null otherwise
     * @param bias                 the bias the fix added (after-fix rows); null otherwise
     */
    public record Run(String jobId, Long seed, int testErrors, Integer validationErrors, Integer generalistTestErrors,
            Double bias) {}

    /**
     * The paper's figure (Hinton, Vinyals and Dean 2015, section 3), on the 10,000 MNIST test images.
     *
     * @param errors test errors, as plotted
     * @param text   as the table shows it, for example {@code 4,730 (47.3 %)}
     */
    public record Paper(int errors, String text) {}

    /** One job of the pipeline, for the detail table. */
    @Builder
    public record JobLine(String service, String jobId, String state, String role, Long seed, Integer testErrors,
            Integer validationErrors, String detail, String error, Instant finishedAt) {}

    public void write(Path file) {
        try {
            RunFolder.writeAtomically(file, Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsBytes(this));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static ResultsDocument read(Path file) {
        try {
            return Json.mapper().readValue(file.toFile(), ResultsDocument.class);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + file + ": " + e.getMessage(), e);
        }
    }
}
