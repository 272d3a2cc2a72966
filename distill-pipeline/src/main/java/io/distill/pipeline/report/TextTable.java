package io.distill.pipeline.report;

import io.distill.pipeline.report.ResultsDocument.JobLine;
import io.distill.pipeline.report.ResultsDocument.Row;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/** The results table as plain text for stdout: fixed columns, at most {@link #WIDTH} characters a line. */
final class TextTable {

    /** The widest line printed, so the table reads in a CI log and an 100-column terminal alike. */
    static final int WIDTH = 100;
    static final String PAPER = "paper (full size)";
    private static final int GAP = 2;
    private static final int MOST_ROLE = 28;
    private static final int LEAST_MODEL = 12;

    private TextTable() {}

    static String render(List<Row> rows, List<JobLine> jobs) {
        List<String[]> cells = new ArrayList<>();
        cells.add(new String[] {"role", "model", "n", "test errors", "sd", PAPER});
        for (Row r : rows) {
            cells.add(new String[] {r.label(), r.model(), Integer.toString(r.n()), number(r.mean(), r.n()),
                r.sd() == null ? "-" : String.format(Locale.ROOT, "%.1f", r.sd()),
                r.paper() == null ? "-" : r.paper().text()});
        }
        int[] widths = new int[6];
        for (int c = 0; c < widths.length; c++) {
            int column = c;
            widths[c] = cells.stream().mapToInt(line -> line[column].length()).max().orElse(0);
        }
        widths[0] = Math.min(widths[0], MOST_ROLE);
        int others = widths[0] + widths[2] + widths[3] + widths[4] + widths[5] + 5 * GAP;
        widths[1] = Math.max(LEAST_MODEL, Math.min(widths[1], WIDTH - others));
        StringBuilder out = new StringBuilder();
        for (String[] line : cells) {
            String text = String.format(Locale.ROOT, "%-" + widths[0] + "s  %-" + widths[1] + "s  %" + widths[2]
                    + "s  %" + widths[3] + "s  %" + widths[4] + "s  %" + widths[5] + "s",
                    fit(line[0], widths[0]), fit(line[1], widths[1]), line[2], line[3], line[4], line[5]);
            out.append(fit(text.stripTrailing(), WIDTH)).append('\n');
        }
        Function<JobLine, String> failure = j -> j.state() + " " + j.service() + "/" + j.jobId()
                + (j.error() == null ? "" : ": " + j.error());
        jobs.stream().filter(j -> !"SUCCEEDED".equals(j.state()))
                .forEach(j -> out.append(fit(failure.apply(j), WIDTH)).append('\n'));
        return out.toString();
    }

    /** A mean as the tables show it: whole for a single run, one decimal for several. */
    static String number(double mean, int n) {
        return n == 1 && mean == Math.rint(mean) ? String.format(Locale.ROOT, "%,d", (long) mean)
                : String.format(Locale.ROOT, "%,.1f", mean);
    }

    /** {@code text} cut to {@code width} characters, the cut marked with "...". */
    static String fit(String text, int width) {
        return text.length() <= width ? text : text.substring(0, width - 3) + "...";
    }
}
