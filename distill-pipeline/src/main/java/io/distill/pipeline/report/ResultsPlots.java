package io.distill.pipeline.report;

import com.fasterxml.jackson.databind.JsonNode;
import io.distill.contract.events.JobProgress;
import io.distill.pipeline.report.ResultsDocument.JobLine;
import io.distill.pipeline.report.ResultsDocument.Row;
import java.awt.Color;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.text.DecimalFormat;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.DoubleStream;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.CategoryLabelPositions;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.labels.StandardCategoryItemLabelGenerator;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.category.StandardBarPainter;
import org.jfree.chart.renderer.category.StatisticalBarRenderer;
import org.jfree.data.statistics.DefaultStatisticalCategoryDataset;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * The run folder's two plots, drawn headless from its files only: validation errors per epoch of
 * every teacher and student job ({@code progress.jsonl}), and each role's mean test errors beside
 * the paper's figure ({@code results.json}).
 */
public final class ResultsPlots {

    static final int HEIGHT = 600;
    static final int VALIDATION_WIDTH = 1000;
    private static final Set<String> TRAINED = Set.of(Roles.TEACHERS, Roles.STUDENTS);

    static {
        // No display is needed, or wanted, to draw into an image: CI and run.sh have none.
        System.setProperty("java.awt.headless", "true");
    }

    private ResultsPlots() {}

    /** Writes {@code validation-errors.png} and {@code results.png} into {@code folder}. */
    public static void render(RunFolder folder) {
        ResultsDocument doc = ResultsDocument.read(folder.file(RunFolder.RESULTS_JSON));
        write(folder, RunFolder.VALIDATION_PNG, validationErrors(folder.events(), doc.jobs()), VALIDATION_WIDTH);
        write(folder, RunFolder.RESULTS_PNG, results(doc.rows()), resultsWidth(doc.rows().size()));
    }

    /** Room for each role's pair of bars and its label. */
    static int resultsWidth(int rows) {
        return Math.max(800, 110 * rows + 200);
    }

    /** One line per teacher or student job, labelled by its role and seed; epochs without a count are skipped. */
    static JFreeChart validationErrors(List<JsonNode> events, List<JobLine> jobs) {
        Map<String, JobLine> byKey = jobs.stream().collect(Collectors.toMap(j -> j.service() + "/" + j.jobId(),
                Function.identity(), (a, b) -> b));
        Map<String, XYSeries> series = new LinkedHashMap<>();
        Set<String> labels = new HashSet<>();
        for (JsonNode e : events) {
            String service = e.path("service").asText();
            int errors = e.path("validationErrors").asInt(0);
            // A log axis has no place for 0 errors; such an epoch is left out rather than drawn off the chart.
            if (!JobProgress.TYPE.equals(e.path("type").asText()) || !TRAINED.contains(service) || errors <= 0) {
                continue;
            }
            String key = service + "/" + e.path("jobId").asText();
            series.computeIfAbsent(key, k -> new XYSeries(label(k, byKey.get(k), labels), true, false))
                    .addOrUpdate(e.path("epoch").asInt(), errors);
        }
        XYSeriesCollection data = new XYSeriesCollection();
        series.values().forEach(data::addSeries);
        JFreeChart chart = ChartFactory.createXYLineChart("Validation errors per epoch", "epoch", "validation errors",
                data, PlotOrientation.VERTICAL, true, false, false);
        XYPlot plot = chart.getXYPlot();
        plot.setRangeAxis(logAxis("validation errors (log scale)"));
        ((NumberAxis) plot.getDomainAxis()).setStandardTickUnits(NumberAxis.createIntegerTickUnits());
        plot.setBackgroundPaint(Color.WHITE);
        plot.setDomainGridlinePaint(Color.LIGHT_GRAY);
        plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
        chart.setBackgroundPaint(Color.WHITE);
        return chart;
    }

    /** Each row's mean test errors, with its sample sd as an error bar, beside the paper's full-size figure. */
    static JFreeChart results(List<Row> rows) {
        DefaultStatisticalCategoryDataset data = new DefaultStatisticalCategoryDataset();
        for (Row r : rows) {
            data.add(Double.valueOf(r.mean()), r.sd(), "this run (mean ± sd of n seeds)", r.label());
            data.add(r.paper() == null ? null : Integer.valueOf(r.paper().errors()), null, TextTable.PAPER, r.label());
        }
        JFreeChart chart = ChartFactory.createBarChart("Test errors by role", null, "test errors (log scale)", data,
                PlotOrientation.VERTICAL, true, false, false);
        CategoryPlot plot = chart.getCategoryPlot();
        StatisticalBarRenderer bars = new StatisticalBarRenderer();
        bars.setErrorIndicatorPaint(Color.BLACK);
        // A log axis, since the roles span tens to thousands of errors; the bars grow from the power of
        // ten below the smallest value, as a log axis has no zero to grow them from.
        double smallest = rows.stream().flatMapToDouble(r -> r.paper() == null ? DoubleStream.of(r.mean())
                : DoubleStream.of(r.mean(), r.paper().errors())).filter(v -> v > 0).min().orElse(1);
        bars.setBase(Math.pow(10, Math.floor(Math.log10(smallest))));
        bars.setShadowVisible(false);
        bars.setBarPainter(new StandardBarPainter());
        bars.setDefaultItemLabelGenerator(new StandardCategoryItemLabelGenerator("{2}", new DecimalFormat("#,##0")));
        bars.setDefaultItemLabelsVisible(true);
        plot.setRenderer(bars);
        plot.setRangeAxis(logAxis("test errors (log scale)"));
        plot.getDomainAxis().setCategoryLabelPositions(CategoryLabelPositions.UP_45);
        plot.setBackgroundPaint(Color.WHITE);
        plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
        chart.setBackgroundPaint(Color.WHITE);
        return chart;
    }

    /** A base-10 log axis whose ticks read as plain counts (200, 1,000), not as powers of ten. */
    private static LogAxis logAxis(String label) {
        LogAxis log = new LogAxis(label);
        log.setSmallestValue(1);
        log.setNumberFormatOverride(new DecimalFormat("#,##0"));
        return log;
    }

    private static String label(String key, JobLine job, Set<String> taken) {
        String label = job == null ? key : job.role() + (job.seed() == null ? "" : ", seed " + job.seed());
        // Two jobs of one role and seed (a different limit, say) need different names in the legend.
        if (!taken.add(label)) {
            label = label + " (" + key.substring(key.indexOf('/') + 1) + ")";
            taken.add(label);
        }
        return label;
    }

    private static void write(RunFolder folder, String name, JFreeChart chart, int width) {
        ByteArrayOutputStream png = new ByteArrayOutputStream();
        try {
            ChartUtils.writeChartAsPNG(png, chart, width, HEIGHT);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot draw " + name + ": " + e.getMessage(), e);
        }
        RunFolder.writeAtomically(folder.file(name), png.toByteArray());
    }
}
