package io.distill.pipeline.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.distill.contract.requests.StudentMode;
import io.distill.pipeline.report.ResultsDocument.JobLine;
import io.distill.pipeline.report.ResultsDocument.Row;
import io.distill.pipeline.report.ResultsDocument.Run;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.BiFunction;

/**
 * The pipeline's results by role: jobs that differ only in seed pooled into one row with n, mean
 * and sample sd of their test errors, beside the paper's full-size MNIST figure; and every job for
 * the detail table.
 */
public final class ResultsTable {

    /** Seeds of one role and model, gathered before they become a row. */
    private record Pool(Roles.Role role, String biasFix, int first, List<Run> runs) {}

    private final List<Row> rows;
    private final List<JobLine> jobs;

    private ResultsTable(List<Row> rows, List<JobLine> jobs) {
        this.rows = List.copyOf(rows);
        this.jobs = List.copyOf(jobs);
    }

    /**
     * The table of the ended jobs {@code results} ({@code JobResult} events); {@code jobs} gives a
     * job's record ({@code service, id -> GET /<root>/<id>}) for its request and its transfer set's.
     */
    public static ResultsTable of(List<JsonNode> results, BiFunction<String, String, JsonNode> jobs) {
        Map<JsonNode, Pool> pools = new LinkedHashMap<>();
        List<JobLine> lines = new ArrayList<>();
        for (JsonNode result : results) {
            String service = result.path("service").asText();
            String id = result.path("jobId").asText();
            Roles.Role role = Roles.of(result, jobs);
            JsonNode metrics = result.path("metrics");
            lines.add(line(result, role));
            if (!EndedJobs.succeeded(result) || Roles.TRANSFER_SETS.equals(service)) {
                continue;
            }
            JsonNode bias = metrics.path("biasAdjustment");
            if (bias.isObject()) {
                pool(pools, role, "before").runs().add(new Run(id, role.seed(), bias.path("testErrorsBefore").asInt(),
                        integer(bias.path("validationErrorsBefore")), null, null));
                pool(pools, role, "after").runs().add(new Run(id, role.seed(), bias.path("testErrorsAfter").asInt(),
                        integer(bias.path("validationErrorsAfter")), null, bias.path("bias").asDouble()));
            } else {
                pool(pools, role, null).runs().add(new Run(id, role.seed(), testErrors(metrics),
                        integer(metrics.path("validationErrors")), integer(metrics.path("generalistTestErrors")), null));
            }
            JsonNode control = metrics.path("control");
            if (control.isObject()) {
                // The generalist trained on for the specialists' examples, without them: the ensemble's control.
                pool(pools, Roles.control(role, control), null).runs().add(new Run(id, role.seed(),
                        control.path("testErrors").asInt(), integer(control.path("validationErrors")), null, null));
            }
        }
        List<Row> rows = pools.values().stream()
                // A bias-fixed student's "before" pool is made just before its "after" one, so they stay together.
                .sorted(Comparator.comparingInt((Pool p) -> p.role().order()).thenComparingInt(Pool::first))
                .map(ResultsTable::row).toList();
        return new ResultsTable(rows, lines);
    }

    public List<Row> rows() {
        return rows;
    }

    public List<JobLine> jobs() {
        return jobs;
    }

    /** The table with the pipeline's wall time, as {@code results.json} holds it. */
    public ResultsDocument document(Instant startedAt, Instant endedAt) {
        Long wall = startedAt == null || endedAt == null ? null : endedAt.getEpochSecond() - startedAt.getEpochSecond();
        return new ResultsDocument(startedAt, endedAt, wall, rows, jobs);
    }

    /** True when the first full-set {@code distilled} row has a lower mean than the first {@code hard} row. */
    public boolean distilledBeatsHard() {
        Row hard = first(StudentMode.HARD.label());
        Row distilled = first(StudentMode.DISTILL.label());
        return hard != null && distilled != null && distilled.mean() < hard.mean();
    }

    /** The table as stdout shows it, at most {@link TextTable#WIDTH} columns wide; job ids are in the files. */
    public String render() {
        return TextTable.render(rows, jobs);
    }

    private Row first(String role) {
        return rows.stream().filter(r -> r.role().equals(role) && r.biasFix() == null).findFirst().orElse(null);
    }

    private static Pool pool(Map<JsonNode, Pool> pools, Roles.Role role, String biasFix) {
        ObjectNode key = role.group().deepCopy().put("biasFix", biasFix);
        return pools.computeIfAbsent(key, k -> new Pool(role, biasFix, pools.size(), new ArrayList<>()));
    }

    private static Row row(Pool pool) {
        List<Run> runs = pool.runs();
        int n = runs.size();
        double mean = runs.stream().mapToInt(Run::testErrors).average().orElse(Double.NaN);
        Double sd = n < 2 ? null
                : Math.sqrt(runs.stream().mapToDouble(r -> (r.testErrors() - mean) * (r.testErrors() - mean)).sum() / (n - 1));
        String model = pool.role().model();
        if (runs.stream().allMatch(r -> r.generalistTestErrors() != null)) {
            model = model.replaceFirst("^" + Roles.GENERALIST, Roles.GENERALIST + " (" + TextTable.number(
                    runs.stream().mapToInt(Run::generalistTestErrors).average().orElse(Double.NaN), n) + ")");
        }
        return ResultsDocumentRowBuilder.builder().role(pool.role().role()).biasFix(pool.biasFix()).model(model).n(n)
                .mean(mean).sd(sd).runs(List.copyOf(runs)).paper(PaperFigures.of(pool.role(), pool.biasFix())).build();
    }

    private static JobLine line(JsonNode result, Roles.Role role) {
        JsonNode metrics = result.path("metrics");
        String detail = Roles.TRANSFER_SETS.equals(result.path("service").asText())
                ? String.format(Locale.ROOT, "%,d events%s", metrics.path("count").asInt(
                        result.path("count").asInt()), role.model().isEmpty() ? "" : ", " + role.model())
                : role.model();
        String error = result.hasNonNull("error") ? result.path("error").asText() : null;
        Instant finished = result.hasNonNull("finishedAt") ? Instant.parse(result.path("finishedAt").asText()) : null;
        boolean scored = metrics.path("testErrors").isNumber() || metrics.path("ensembleTestErrors").isNumber();
        return ResultsDocumentJobLineBuilder.builder().service(result.path("service").asText())
                .jobId(result.path("jobId").asText()).state(result.path("state").asText()).role(role.role())
                .seed(role.seed()).testErrors(scored ? testErrors(metrics) : null)
                .validationErrors(integer(metrics.path("validationErrors"))).detail(detail).error(error)
                .finishedAt(finished).build();
    }

    /** A specialist ensemble's errors are the ensemble's; every other job's are its {@code testErrors}. */
    private static int testErrors(JsonNode metrics) {
        return metrics.path("ensembleTestErrors").isNumber() ? metrics.path("ensembleTestErrors").asInt()
                : metrics.path("testErrors").asInt();
    }

    private static Integer integer(JsonNode value) {
        return value.isNumber() ? value.asInt() : null;
    }
}
