package io.distill.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.BiFunction;

/**
 * The pipeline's results: one row per model, its test errors and the paper's MNIST number beside
 * it (Hinton, Vinyals and Dean 2015, section 3).
 */
final class ResultsTable {

    /** A row: what the model is, its job, its test errors, the paper's figure. */
    record Row(String model, String job, String errors, String paper) {}

    private final List<Row> rows = new ArrayList<>();
    private int distilledErrors = -1;
    private int hardErrors = -1;

    /**
     * Builds the rows from the finished jobs; {@code jobs} fetches a job's record
     * ({@code service, jobId -> GET /<root>/<id>}) for its request.
     */
    static ResultsTable of(List<JsonNode> results, BiFunction<String, String, JsonNode> jobs) {
        ResultsTable table = new ResultsTable();
        for (JsonNode result : results) {
            String service = result.path("service").asText();
            String id = result.path("jobId").asText();
            JsonNode metrics = result.path("metrics");
            if (!"SUCCEEDED".equals(result.path("state").asText())) {
                table.rows.add(new Row(service, id, result.path("state").asText(), "-"));
                continue;
            }
            switch (service) {
                case "teacher-service" -> table.rows.add(new Row("teacher " + net(jobs.apply(service, id)), id,
                        errors(metrics), "67"));
                case "soft-target-service" -> table.rows.add(new Row("transfer set" + filters(jobs.apply(service, id))
                        + ", " + metrics.path("count").asInt(result.path("count").asInt()) + " events", id, "-", "-"));
                case "student-service" -> table.student(id, metrics, jobs.apply(service, id), jobs);
                case "specialist-service" -> table.rows.add(new Row("generalist + " + metrics.path("specialists").size()
                        + " specialists (generalist alone " + metrics.path("generalistTestErrors").asInt() + ")", id,
                        Integer.toString(metrics.path("ensembleTestErrors").asInt()), "-"));
                default -> table.rows.add(new Row(service, id, errors(metrics), "-"));
            }
        }
        return table;
    }

    private void student(String id, JsonNode metrics, JsonNode job, BiFunction<String, String, JsonNode> jobs) {
        JsonNode request = job.path("request");
        String mode = request.path("mode").asText();
        JsonNode set = jobs.apply("soft-target-service", request.path("transferSetId").asText());
        String filters = filters(set);
        String what = ("hard".equals(mode) ? "hard-label student " : mode + " student T="
                + fmt(request.path("temperature").asDouble()) + " ") + net(job) + filters;
        JsonNode bias = metrics.path("biasAdjustment");
        if (bias.isObject()) {
            // The paper: 206 errors (133 of them on the 1,010 test 3s) before, 109 (14) after.
            rows.add(new Row(what + ", before the bias fix" + missing(bias, "Before"), id,
                    bias.path("testErrorsBefore").asText(), "206"));
            rows.add(new Row(what + ", bias +" + fmt(bias.path("bias").asDouble()) + " chosen on validation"
                    + missing(bias, "After"), id, bias.path("testErrorsAfter").asText(), "109"));
            return;
        }
        // The paper's figures are for the whole set without translated copies (its section 3).
        boolean fullSet = set.path("request").path("omitClasses").isEmpty()
                && set.path("request").path("onlyClasses").isEmpty()
                && set.path("request").path("copies").asInt(1) <= 1;
        String paper = !fullSet ? "-" : "hard".equals(mode) ? "146" : "distill".equals(mode) ? "74" : "-";
        rows.add(new Row(what, id, errors(metrics), paper));
        if (fullSet && "hard".equals(mode)) {
            hardErrors = metrics.path("testErrors").asInt(-1);
        } else if (fullSet && "distill".equals(mode)) {
            distilledErrors = metrics.path("testErrors").asInt(-1);
        }
    }

    /** True when a distilled and a hard student of the same full set exist and distilled has fewer errors. */
    boolean distilledBeatsHard() {
        return distilledErrors >= 0 && hardErrors >= 0 && distilledErrors < hardErrors;
    }

    String render() {
        int width = Math.max(5, rows.stream().mapToInt(r -> r.model().length()).max().orElse(5));
        int jobWidth = Math.max(3, rows.stream().mapToInt(r -> r.job().length()).max().orElse(3));
        String format = "%-" + width + "s  %-" + jobWidth + "s  %11s  %5s%n";
        StringBuilder out = new StringBuilder(String.format(Locale.ROOT, format, "model", "job", "test errors", "paper"));
        rows.forEach(r -> out.append(String.format(Locale.ROOT, format, r.model(), r.job(), r.errors(), r.paper())));
        return out.toString();
    }

    /** "(133 on the missing classes)", from the bias report's {@code testErrorsOnMissing<when>}. */
    private static String missing(JsonNode bias, String when) {
        JsonNode errors = bias.path("testErrorsOnMissing" + when);
        return errors.isNumber() ? " (" + errors.asInt() + " on the missing classes)" : "";
    }

    private static String net(JsonNode job) {
        StringBuilder net = new StringBuilder("784");
        job.path("request").path("hidden").forEach(h -> net.append('-').append(h.asInt()));
        return net.append("-10").toString();
    }

    private static String filters(JsonNode set) {
        JsonNode request = set.path("request");
        StringBuilder text = new StringBuilder();
        if (request.path("omitClasses").size() > 0) {
            text.append(", without classes ").append(request.path("omitClasses"));
        }
        if (request.path("onlyClasses").size() > 0) {
            text.append(", only classes ").append(request.path("onlyClasses"));
        }
        if (request.path("limit").isNumber()) {
            text.append(", first ").append(request.path("limit").asInt());
        }
        if (request.path("copies").asInt(1) > 1) {
            text.append(", ").append(request.path("copies").asInt()).append(" copies jittered by up to ")
                    .append(request.path("jitter").asInt()).append(" px");
        }
        return text.toString();
    }

    private static String errors(JsonNode metrics) {
        return metrics.path("testErrors").isNumber() ? Integer.toString(metrics.path("testErrors").asInt()) : "-";
    }

    private static String fmt(double value) {
        return value == Math.rint(value) ? Long.toString((long) value) : String.format(Locale.ROOT, "%.1f", value);
    }
}
