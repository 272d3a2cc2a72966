package io.distill.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import io.distill.contract.requests.StudentMode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The jobs a pipeline's plan starts, by the key of their events ({@code <service>/<job id>}) and in plan
 * order, each with a label for people: "teacher", "transfer set no-threes", "distilled student T=20,
 * no-threes, bias fix, seed 1", "specialists, full". Their ids follow from the teacher job's: transfer set
 * {@code i} is {@code <teacher>-ts<i>}, its student {@code j} {@code <set>-s<j>} and its ensemble {@code k}
 * {@code <set>-e<k>}.
 */
record PlannedJobs(Map<String, String> labels) {

    /** The teacher job {@code teacherJobId} and what the plan of its request {@code body} starts. */
    static PlannedJobs of(String teacherJobId, JsonNode body) {
        Map<String, String> labels = new LinkedHashMap<>();
        int members = body.path("ensembleSize").asInt(1);
        labels.put("teacher-service/" + teacherJobId, members > 1 ? "teacher ensemble of " + members : "teacher");
        JsonNode sets = body.path("plan").path("transferSets");
        for (int i = 0; i < sets.size(); i++) {
            JsonNode set = sets.get(i);
            String setId = teacherJobId + "-ts" + i;
            String name = set.path("name").asText("#" + i);
            labels.put("soft-target-service/" + setId, "transfer set " + name);
            for (int j = 0; j < set.path("students").size(); j++) {
                labels.put("student-service/" + setId + "-s" + j, student(set.path("students").get(j), name));
            }
            for (int k = 0; k < set.path("ensembles").size(); k++) {
                boolean control = set.path("ensembles").get(k).path("control").asBoolean(false);
                labels.put("specialist-service/" + setId + "-e" + k, "specialists" + (control ? " and control" : "")
                        + ", " + name);
            }
        }
        return new PlannedJobs(labels);
    }

    private static String student(JsonNode student, String setName) {
        String mode = student.path("mode").asText(StudentMode.DEFAULT.value());
        Optional<StudentMode> known = StudentMode.of(mode);
        String label = known.map(StudentMode::label).orElse(mode);
        if (known.map(StudentMode::softTerm).orElse(false)) {
            label += " T=" + student.path("temperature").asText("?");
        }
        label += " student, " + setName;
        if (!"none".equals(student.path("biasAdjust").asText("none"))) {
            label += ", bias fix";
        }
        return student.path("seed").isNumber() ? label + ", seed " + student.path("seed").asInt() : label;
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
