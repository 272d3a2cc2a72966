package io.distill.pipeline;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.distill.contract.json.Json;
import io.distill.contract.requests.TeacherRequest;
import io.distill.contract.runs.PlanJobs;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The jobs a pipeline's plan starts, by the key of their events ({@code <service>/<job id>}) and in plan
 * order, each with its role as label ({@link PlanJobs}).
 */
record PlannedJobs(Map<String, String> labels) {

    /** The teacher job {@code teacherJobId} and what the plan of its request {@code body} starts. */
    static PlannedJobs of(String teacherJobId, JsonNode body) throws JsonProcessingException {
        Map<String, String> labels = new LinkedHashMap<>();
        for (PlanJobs.RunJob job : PlanJobs.of(teacherJobId, Json.mapper().treeToValue(body, TeacherRequest.class))) {
            labels.put(job.key(), job.role());
        }
        return new PlannedJobs(labels);
    }

    int size() {
        return labels.size();
    }

    List<String> keys() {
        return List.copyOf(labels.keySet());
    }

    /** The planned job whose part {@code key} is (a teacher ensemble's member, an ensemble's specialist), if any. */
    Optional<String> parentOf(String key) {
        return labels.keySet().stream().filter(k -> key.startsWith(k + "-")).max((a, b) -> a.length() - b.length());
    }

    /** A planned job's label; a part's is its job's with the rest of its id; another key is itself. */
    String label(String key) {
        String planned = labels.get(key);
        if (planned != null) {
            return planned;
        }
        return parentOf(key).map(parent -> labels.get(parent) + " › " + key.substring(parent.length() + 1))
                .orElse(key);
    }
}
