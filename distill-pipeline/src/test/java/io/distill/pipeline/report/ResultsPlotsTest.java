package io.distill.pipeline.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import org.jfree.chart.JFreeChart;
import org.jfree.data.category.CategoryDataset;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;
import org.junit.jupiter.api.Test;

class ResultsPlotsTest {

    @Test
    void validationErrorsHaveOneSeriesPerTeacherAndStudentJobNamedByRoleAndSeed() {
        SyntheticRun run = new SyntheticRun().teacher("t-1", 1, 88).set("ts", "")
                .student("s-1", "ts", "distill", 1, 116).student("s-2", "ts", "distill", 2, 120);
        ResultsTable table = ResultsTable.of(run.results(), run.jobs());
        List<JsonNode> events = List.of(
                // Not a teacher or a student: left out.
                event("soft-target-service", "ts", 1, 5),
                event("student-service", "s-1", 3, 40),
                // An epoch with no errors has no place on a log axis: left out.
                event("student-service", "s-1", 4, 0),
                // Two events of one epoch: the later count is drawn.
                event("teacher-service", "t-1", 2, 7),
                event("teacher-service", "t-1", 2, 6),
                // A job that is part of another (an ensemble member) is not in the job list: named by its key.
                event("teacher-service", "t-1-0", 1, 9));

        XYSeriesCollection data = (XYSeriesCollection) ResultsPlots.validationErrors(events, table.jobs())
                .getXYPlot().getDataset();

        assertThat(data.getSeries()).extracting(s -> ((XYSeries) s).getKey().toString())
                .containsExactly("distilled, seed 1", "teacher, seed 1", "teacher-service/t-1-0");
        assertThat(data.getSeries(0).getItemCount()).isEqualTo(1);
        assertThat(data.getSeries(1).getItemCount()).isEqualTo(1);
        assertThat(data.getSeries(1).getY(0).intValue()).isEqualTo(6);
    }

    @Test
    void theBarsAreEachRolesMeanBesideThePapersFigure() {
        SyntheticRun run = new SyntheticRun().teacher("t-1", 1, 88).set("ts", "")
                .student("s-1", "ts", "distill", 1, 110).student("s-2", "ts", "distill", 2, 120)
                .student("s-3", "ts", "soft", 1, 130);

        JFreeChart chart = ResultsPlots.results(ResultsTable.of(run.results(), run.jobs()).rows());
        CategoryDataset data = chart.getCategoryPlot().getDataset();

        assertThat(data.getColumnKeys()).containsExactly("teacher", "distilled", "soft");
        assertThat(data.getValue(0, 1).doubleValue()).isEqualTo(115.0);
        assertThat(data.getValue(TextTable.PAPER, "teacher").intValue()).isEqualTo(67);
        assertThat(data.getValue(TextTable.PAPER, "distilled").intValue()).isEqualTo(74);
        assertThat(data.getValue(TextTable.PAPER, "soft")).isNull();
    }

    private static JsonNode event(String service, String id, int epoch, int validationErrors) {
        return SyntheticRun.json("{\"type\": \"progress\", \"service\": \"" + service + "\", \"jobId\": \"" + id
                + "\", \"epoch\": " + epoch + ", \"validationErrors\": " + validationErrors + "}");
    }
}
