package io.distill.console.runs;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A run as its page shows it: the teacher job's run record ({@code GET /runs/<id>}), each planned job's
 * node in plan order, and each job's record by id (those that exist yet).
 */
public record RunBoard(JsonNode run, List<JobNode> nodes, Map<String, JsonNode> records) {

    public RunBoard {
        nodes = List.copyOf(nodes);
        records = Map.copyOf(records);
    }

    public String id() {
        return run.path("id").asText();
    }

    public String dataset() {
        return run.path("dataset").asText();
    }

    /** The same board with {@code node} in place of the node with its id. */
    public RunBoard with(JobNode node) {
        return new RunBoard(run, nodes.stream().map(n -> n.id().equals(node.id()) ? node : n).toList(), records);
    }

    /** The node of job {@code id}, or null when it is not one of the run's planned jobs. */
    public JobNode node(String id) {
        return nodes.stream().filter(n -> n.id().equals(id)).findFirst().orElse(null);
    }

    public long ended() {
        return nodes.stream().filter(JobNode::ended).count();
    }

    public long failed() {
        return nodes.stream().filter(n -> "FAILED".equals(n.state()) || "CANCELLED".equals(n.state())).count();
    }

    /** {@code 3 of 12 jobs ended}, with how many failed when any did. */
    public String summary() {
        long failed = failed();
        return ended() + " of " + nodes.size() + " jobs ended" + (failed > 0 ? ", " + failed + " failed or cancelled" : "");
    }

    /** Each job's record by id, in the order of the nodes. */
    Map<String, JsonNode> recordsInPlanOrder() {
        Map<String, JsonNode> ordered = new LinkedHashMap<>();
        nodes.forEach(n -> {
            if (records.containsKey(n.id())) {
                ordered.put(n.id(), records.get(n.id()));
            }
        });
        return ordered;
    }
}
