package io.distill.console.runs;

import com.fasterxml.jackson.databind.JsonNode;
import io.distill.console.live.LiveJobs;
import io.distill.console.services.NewestFirst;
import io.distill.console.services.ServiceApi;
import io.distill.contract.runs.PlanJobs;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** Runs read from the services: teacher-service's run record, and each service's jobs of the run. */
@ApplicationScoped
public class RunBoards {

    /** The most jobs of one run read from one service; a plan of more is shown up to this many. */
    static final int MOST_JOBS = 500;

    private final ServiceApi api;
    private final LiveJobs live;

    public RunBoards(ServiceApi api, LiveJobs live) {
        this.api = api;
        this.live = live;
    }

    /** Run {@code id} now, each node made newer by what {@code distill-progress} said since its record; empty if unknown. */
    public Optional<RunBoard> board(String id) {
        Optional<JsonNode> run = api.read(PlanJobs.TEACHER_SERVICE, "/runs/" + id);
        if (run.isEmpty()) {
            return Optional.empty();
        }
        Map<String, JsonNode> records = new HashMap<>();
        for (String service : ServiceApi.services()) {
            api.read(service, ServiceApi.root(service) + "?run=" + id + "&limit=" + MOST_JOBS)
                    .ifPresent(list -> list.forEach(job -> records.put(job.path("id").asText(), job)));
        }
        Map<String, Integer> depths = new HashMap<>();
        List<JobNode> nodes = new ArrayList<>();
        for (JsonNode planned : run.get().path("jobs")) {
            String parent = planned.path("parentId").asText(null);
            int depth = parent == null ? 0 : depths.getOrDefault(parent, 0) + 1;
            depths.put(planned.path("id").asText(), depth);
            JobNode node = JobNode.of(planned, depth, records.get(planned.path("id").asText()));
            JsonNode record = records.get(node.id());
            nodes.add(live.latest(node.service(), node.id()).filter(event -> newer(event, record))
                    .map(node::after).orElse(node));
        }
        return Optional.of(new RunBoard(run.get(), nodes, records));
    }

    /** Runs, newest first: a page of {@code size} after the newest {@code skip}. */
    public RunList runs(int skip, int size) {
        NewestFirst page = NewestFirst.read(api, PlanJobs.TEACHER_SERVICE, "/runs", "", skip, size);
        List<RunRow> runs = page.items().stream().map(run -> new RunRow(run.path("id").asText(),
                run.path("dataset").asText(), run.path("state").asText(), run.path("jobs").size(),
                run.path("createdAt").asText())).toList();
        return new RunList(runs, page);
    }

    /** One run in the list: its teacher job's state, and how many jobs its plan has. */
    public record RunRow(String id, String dataset, String state, int jobs, String createdAt) {

        public String stateClass() {
            return state.toLowerCase(Locale.ROOT);
        }
    }

    /** A page of runs, newest first. */
    public record RunList(List<RunRow> runs, NewestFirst page) {}

    private static boolean newer(JsonNode event, JsonNode record) {
        if (record == null) {
            return true;
        }
        try {
            Instant at = Instant.parse(event.hasNonNull("timestamp") ? event.path("timestamp").asText()
                    : event.path("finishedAt").asText());
            return at.isAfter(Instant.parse(record.path("updatedAt").asText()));
        } catch (DateTimeParseException e) {
            return false;
        }
    }
}
