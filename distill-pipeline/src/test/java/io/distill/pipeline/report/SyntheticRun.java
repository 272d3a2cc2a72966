package io.distill.pipeline.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.distill.contract.json.Json;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;

/** A made-up pipeline: job records as the services answer GET, and the events they publish, for the report's tests. */
final class SyntheticRun {

    static final Instant START = Instant.parse("2026-01-01T10:00:00Z");

    private final Map<String, ObjectNode> records = new LinkedHashMap<>();
    private final List<JsonNode> results = new ArrayList<>();
    private final List<JsonNode> progress = new ArrayList<>();
    private int minutes;

    SyntheticRun teacher(String id, long seed, int errors) {
        return teacher(id, seed, errors, "");
    }

    /** A teacher whose request has {@code fields} too, such as {@code "reuse": "t-1"}. */
    SyntheticRun teacher(String id, long seed, int errors, String fields) {
        record("teacher-service", id, "{\"hidden\": [1200, 1200], \"epochs\": 8, \"seed\": " + seed
                + ", \"dataset\": \"mnist\", \"ensembleSize\": 1" + (fields.isEmpty() ? "" : ", " + fields) + "}");
        epochs("teacher-service", id, errors + 40, errors + 20);
        return result("teacher-service", id, "SUCCEEDED", "{\"testErrors\": " + errors + ", \"validationErrors\": "
                + (errors / 2) + "}", null);
    }

    /** A transfer set; {@code filters} are extra request fields such as {@code "omitClasses": [3]}. */
    SyntheticRun set(String id, String filters) {
        record("soft-target-service", id, "{\"teacherJobId\": \"t-1\", \"dataset\": \"mnist\", \"limit\": 2000"
                + (filters.isEmpty() ? "" : ", " + filters) + "}");
        return result("soft-target-service", id, "SUCCEEDED", "{\"count\": 2000}", null);
    }

    SyntheticRun student(String id, String set, String mode, long seed, int errors) {
        return student(id, set, "\"mode\": \"" + mode + "\", \"temperature\": 20", seed,
                "{\"testErrors\": " + errors + ", \"validationErrors\": " + (errors / 2) + "}");
    }

    /** A distilled student with the bias fix: {@code before} and {@code after} test errors. */
    SyntheticRun biasFixed(String id, String set, long seed, int before, int after) {
        return student(id, set, "\"mode\": \"distill\", \"temperature\": 20, \"biasAdjust\": \"auto\"", seed,
                "{\"testErrors\": " + after + ", \"biasAdjustment\": {\"classes\": [3], \"bias\": 2.5,"
                        + " \"validationErrorsBefore\": 90, \"validationErrorsAfter\": 70, \"testErrorsBefore\": "
                        + before + ", \"testErrorsAfter\": " + after + "}}");
    }

    SyntheticRun student(String id, String set, String fields, long seed, String metrics) {
        record("student-service", id, "{\"transferSetId\": \"" + set + "\", \"hidden\": [800, 800], \"epochs\": 30, "
                + fields + ", \"seed\": " + seed + "}");
        epochs("student-service", id, 300, 200);
        return result("student-service", id, "SUCCEEDED", metrics, null);
    }

    SyntheticRun ensemble(String id, String set, long seed, int generalist, int ensemble) {
        record("specialist-service", id, "{\"transferSetId\": \"" + set + "\", \"generalistModelId\": \"t-1-0\","
                + " \"specialists\": 2, \"seed\": " + seed + "}");
        return result("specialist-service", id, "SUCCEEDED", "{\"generalistTestErrors\": " + generalist
                + ", \"ensembleTestErrors\": " + ensemble + ", \"testErrors\": " + ensemble + "}", null);
    }

    /** An ensemble with {@code control: true}: its metrics carry the control's test errors. */
    SyntheticRun controlledEnsemble(String id, String set, long seed, int generalist, int ensemble, int control) {
        record("specialist-service", id, "{\"transferSetId\": \"" + set + "\", \"generalistModelId\": \"t-1-0\","
                + " \"specialists\": 3, \"control\": true, \"seed\": " + seed + "}");
        return result("specialist-service", id, "SUCCEEDED", "{\"generalistTestErrors\": " + generalist
                + ", \"ensembleTestErrors\": " + ensemble + ", \"testErrors\": " + ensemble
                + ", \"control\": {\"epochs\": 20, \"examples\": 1100000, \"testErrors\": " + control
                + ", \"validationErrors\": 300}}", null);
    }

    SyntheticRun failedStudent(String id, String set, String error) {
        record("student-service", id, "{\"transferSetId\": \"" + set + "\", \"mode\": \"hard\", \"seed\": 9}");
        return result("student-service", id, "FAILED", "{}", error);
    }

    /** A registered data set's manifest, as {@code GET /datasets/{id}} answers it: vectors of {@code features}. */
    SyntheticRun dataset(String id, String name, int features, int classes) {
        ObjectNode manifest = (ObjectNode) json("{\"datasetId\": \"" + id + "\", \"name\": \"" + name
                + "\", \"shape\": [" + features + "]}");
        manifest.set("classNames", Json.mapper().valueToTree(java.util.stream.IntStream.range(0, classes)
                .mapToObj(Integer::toString).toList()));
        records.put(RunFolder.DATASETS + "/" + id, manifest);
        return this;
    }

    /** The record {@code GET /<root>/<id>} would answer, to change it. */
    ObjectNode record(String service, String id) {
        return records.get(service + "/" + id);
    }

    List<JsonNode> results() {
        return results;
    }

    BiFunction<String, String, JsonNode> jobs() {
        return (service, id) -> records.containsKey(service + "/" + id) ? records.get(service + "/" + id)
                : Json.mapper().createObjectNode();
    }

    /** The folder as {@code PipelineClient --run-dir} leaves it. */
    RunFolder writeTo(RunFolder folder) throws IOException {
        folder.saveTeacherJob(json("{\"id\": \"t-1\", \"state\": \"QUEUED\", \"createdAt\": \"" + START + "\"}"));
        records.forEach((key, job) -> folder.saveJob(key.substring(0, key.indexOf('/')),
                key.substring(key.indexOf('/') + 1), job));
        try (ProgressLog log = folder.newProgressLog()) {
            for (JsonNode event : progress) {
                log.append(event);
            }
            for (JsonNode event : results) {
                log.append(event);
            }
        }
        return folder;
    }

    private void record(String service, String id, String request) {
        ObjectNode job = (ObjectNode) json("{\"id\": \"" + id + "\", \"state\": \"SUCCEEDED\"}");
        job.set("request", json(request));
        records.put(service + "/" + id, job);
    }

    /** Three epochs of progress, validation errors falling from {@code first} to {@code last}. */
    private void epochs(String service, String id, int first, int last) {
        for (int epoch = 1; epoch <= 3; epoch++) {
            int errors = first + (last - first) * (epoch - 1) / 2;
            progress.add(json("{\"type\": \"progress\", \"service\": \"" + service + "\", \"jobId\": \"" + id
                    + "\", \"state\": \"RUNNING\", \"epoch\": " + epoch + ", \"epochs\": 3, \"validationErrors\": "
                    + errors + ", \"timestamp\": \"" + START.plusSeconds(60L * ++minutes) + "\"}"));
        }
    }

    private SyntheticRun result(String service, String id, String state, String metrics, String error) {
        ObjectNode event = (ObjectNode) json("{\"type\": \"result\", \"service\": \"" + service + "\", \"jobId\": \""
                + id + "\", \"state\": \"" + state + "\", \"instance\": \"" + service + "-0\", \"finishedAt\": \""
                + START.plusSeconds(60L * ++minutes) + "\"}");
        event.set("metrics", json(metrics));
        event.put("error", error);
        results.add(event);
        return this;
    }

    static JsonNode json(String text) {
        try {
            return Json.mapper().readTree(text);
        } catch (IOException e) {
            throw new IllegalArgumentException("Not JSON: " + text, e);
        }
    }
}
