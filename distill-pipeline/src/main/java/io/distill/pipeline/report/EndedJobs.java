package io.distill.pipeline.report;

import com.fasterxml.jackson.databind.JsonNode;
import io.distill.contract.events.JobResult;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The pipeline's jobs that have ended, from the events of {@code distill-progress}: the
 * {@code JobResult} of every job that is not part of another, the last one per job, in the order they ended.
 */
public final class EndedJobs {

    private final Map<String, JsonNode> ended = new LinkedHashMap<>();

    /** The ended jobs among {@code events}, as {@code progress.jsonl} holds them. */
    public static EndedJobs of(List<JsonNode> events) {
        EndedJobs jobs = new EndedJobs();
        events.forEach(jobs::accept);
        return jobs;
    }

    /** Takes one event; true when it is the result of a job of the pipeline (not of a child job). */
    public boolean accept(JsonNode event) {
        // A child job (an ensemble member, a specialist) ends before its parent: the parent's result counts.
        if (!JobResult.TYPE.equals(event.path("type").asText()) || event.hasNonNull("parentId")) {
            return false;
        }
        String key = event.path("service").asText() + "/" + event.path("jobId").asText();
        ended.remove(key);
        ended.put(key, event);
        return true;
    }

    public int count() {
        return ended.size();
    }

    public List<JsonNode> results() {
        return new ArrayList<>(ended.values());
    }

    public long succeeded() {
        return ended.values().stream().filter(EndedJobs::succeeded).count();
    }

    public boolean anyFailed() {
        return succeeded() < ended.size();
    }

    static boolean succeeded(JsonNode result) {
        return "SUCCEEDED".equals(result.path("state").asText());
    }
}
