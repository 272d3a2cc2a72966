package io.distill.pipeline.report;

import io.distill.pipeline.report.ResultsDocument.JobLine;
import io.distill.pipeline.report.ResultsDocument.Row;
import io.distill.pipeline.report.ResultsDocument.Run;
import java.util.Locale;
import java.util.Objects;
import java.util.stream.Collectors;

/** {@code results.md}: the table by role with its jobs, then one line per job of the pipeline. */
final class ResultsMarkdown {

    private ResultsMarkdown() {}

    static String render(ResultsDocument doc) {
        StringBuilder md = new StringBuilder("# Pipeline results\n\n");
        md.append("Test errors on the data set's test split (MNIST's: 10,000 images). Jobs that differ only in seed")
                .append(" share a row: n runs, their mean and sample sd. The paper's figures are Hinton, Vinyals and")
                .append(" Dean 2015, section 3, at full size, on MNIST.\n\n");
        if (doc.wallSeconds() != null) {
            md.append(String.format(Locale.ROOT, "Wall time: %s, from %s (teacher job created) to %s (last job ended).%n%n",
                    duration(doc.wallSeconds()), doc.startedAt(), doc.endedAt()));
        }
        md.append("| role | model | n | test errors, mean ± sd | ").append(TextTable.PAPER).append(" | jobs (seed: test errors) |\n");
        md.append("|---|---|---|---|---|---|\n");
        for (Row r : doc.rows()) {
            String errors = TextTable.number(r.mean(), r.n())
                    + (r.sd() == null ? "" : String.format(Locale.ROOT, " ± %.1f", r.sd()));
            String runs = r.runs().stream().map(ResultsMarkdown::run).collect(Collectors.joining(", "));
            md.append(cells(r.label(), r.model(), Integer.toString(r.n()), errors,
                    r.paper() == null ? "-" : r.paper().text(), runs));
        }
        md.append("\n## Jobs\n\n| job | service | role | seed | state | test errors | validation errors | detail |\n");
        md.append("|---|---|---|---|---|---|---|---|\n");
        for (JobLine j : doc.jobs()) {
            String detail = j.error() == null ? j.detail() : j.detail() + "; " + j.error();
            md.append(cells("`" + j.jobId() + "`", j.service(), j.role(), text(j.seed()), j.state(),
                    text(j.testErrors()), text(j.validationErrors()), detail));
        }
        return md.toString();
    }

    private static String run(Run r) {
        String bias = r.bias() == null ? "" : ", bias +" + Roles.number(r.bias());
        return "`" + r.jobId() + "` (seed " + text(r.seed()) + ": " + r.testErrors() + bias + ")";
    }

    private static String cells(String... cells) {
        StringBuilder line = new StringBuilder("|");
        for (String cell : cells) {
            line.append(' ').append(Objects.toString(cell, "-").replace("|", "\\|").replace("\n", " ")).append(" |");
        }
        return line.append('\n').toString();
    }

    private static String text(Object value) {
        return value == null ? "-" : value.toString();
    }

    private static String duration(long seconds) {
        return String.format(Locale.ROOT, "%d min %02d s", seconds / 60, seconds % 60);
    }
}
