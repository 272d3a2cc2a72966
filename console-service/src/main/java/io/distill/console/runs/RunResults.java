package io.distill.console.runs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.distill.console.services.ServiceApi;
import io.distill.contract.events.JobResult;
import io.distill.contract.json.Json;
import io.distill.contract.runs.PlanJobs;
import io.distill.pipeline.report.ResultsDocument.Row;
import io.distill.pipeline.report.ResultsTable;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A run's results against the paper, pooled over seeds (mean ± sd) exactly as run.sh's report pools
 * them: the pipeline's {@link ResultsTable}, over the ended jobs' records.
 */
@ApplicationScoped
public class RunResults {

    private final ServiceApi api;

    public RunResults(ServiceApi api) {
        this.api = api;
    }

    /** One row as the page shows it. */
    public record Line(String label, String model, int n, double mean, String errors, Integer paperErrors,
            String paper) {

        static Line of(Row row) {
            String errors = String.format(Locale.ROOT, "%,.1f", row.mean())
                    + (row.sd() == null ? "" : String.format(Locale.ROOT, " ± %,.1f", row.sd()));
            return new Line(row.label(), row.model(), row.n(), row.mean(), errors,
                    row.paper() == null ? null : row.paper().errors(), row.paper() == null ? "–" : row.paper().text());
        }
    }

    /** The rows of the ended jobs of {@code board}; none until one has ended. */
    public List<Line> of(RunBoard board) {
        List<JsonNode> results = new ArrayList<>();
        board.recordsInPlanOrder().forEach((id, record) -> {
            JobNode node = board.node(id);
            if (node != null && node.ended()) {
                results.add(result(node.service(), record));
            }
        });
        return ResultsTable.of(results, (service, id) -> record(board, service, id)).rows().stream().map(Line::of).toList();
    }

    /** A job's record as the {@code JobResult} it ended with on {@code distill-progress}. */
    private static JsonNode result(String service, JsonNode record) {
        ObjectNode result = Json.mapper().createObjectNode().put("type", JobResult.TYPE).put("service", service)
                .put("jobId", record.path("id").asText());
        result.set("state", record.path("state"));
        result.set("metrics", record.path("metrics"));
        result.set("modelIds", record.path("modelIds"));
        result.set("error", record.path("error"));
        result.set("finishedAt", record.path("updatedAt"));
        return result;
    }

    private JsonNode record(RunBoard board, String service, String id) {
        JsonNode known = board.records().get(id);
        if (known != null && PlanJobs.ROOTS.containsKey(service)) {
            return known;
        }
        // A job of another run (a shared transfer set) or a registered data set's manifest.
        String path = PlanJobs.ROOTS.containsKey(service) ? ServiceApi.root(service) + "/" + id : "/datasets/" + id;
        String owner = PlanJobs.ROOTS.containsKey(service) ? service : PlanJobs.TEACHER_SERVICE;
        return api.read(owner, path).orElse(Json.mapper().createObjectNode());
    }
}
