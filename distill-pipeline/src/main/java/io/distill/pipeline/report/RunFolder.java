package io.distill.pipeline.report;

import com.fasterxml.jackson.databind.JsonNode;
import io.distill.contract.json.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A pipeline's run folder: the events it read ({@code progress.jsonl}), the teacher job it posted
 * ({@code teacher-job.json}), each ended job's record ({@code jobs/<service>/<id>.json}) and the
 * report made from them ({@code results.json}, {@code results.md}, the PNG plots).
 */
public final class RunFolder {

    /** Whether the pipeline client posts its teacher job or follows the one this folder already holds. */
    public enum Start { POST, RESUME }

    public static final String PROGRESS = "progress.jsonl";
    public static final String TEACHER_JOB = "teacher-job.json";
    /**
     * The records' "service" for registered data sets: a set's manifest ({@code GET /datasets/{id}} of
     * teacher-service) is kept as {@code jobs/datasets/<id>.json}, beside the jobs that ran on it.
     */
    public static final String DATASETS = "datasets";
    public static final String RESULTS_JSON = "results.json";
    public static final String RESULTS_MD = "results.md";
    public static final String VALIDATION_PNG = "validation-errors.png";
    public static final String RESULTS_PNG = "results.png";
    /** Service names and job ids become path segments, so only these characters may occur in them. */
    private static final Pattern SAFE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");

    private final Path dir;

    public RunFolder(Path dir) {
        this.dir = dir;
    }

    public Path dir() {
        return dir;
    }

    public Path file(String name) {
        return dir.resolve(name);
    }

    /**
     * {@link Start#RESUME} once the folder holds the posted teacher job, since posting again would
     * start a second pipeline on the same broker; {@link Start#POST} otherwise, also when only
     * events of an attempt that died before the POST answered are there.
     */
    public Start start() {
        return Files.isRegularFile(file(TEACHER_JOB)) ? Start.RESUME : Start.POST;
    }

    public void saveTeacherJob(JsonNode job) {
        writeAtomically(file(TEACHER_JOB), json(job));
    }

    /** The teacher job the POST answered, or null before it was saved. */
    public JsonNode teacherJob() {
        return Files.isRegularFile(file(TEACHER_JOB)) ? read(file(TEACHER_JOB)) : null;
    }

    public void saveJob(String service, String id, JsonNode job) {
        writeAtomically(jobFile(service, id), json(job));
    }

    /** A saved job record, or an empty object when none was saved (none can be under a name that is no file name). */
    public JsonNode job(String service, String id) {
        if (!SAFE.matcher(service).matches() || !SAFE.matcher(id).matches()) {
            return Json.mapper().createObjectNode();
        }
        Path file = jobFile(service, id);
        return Files.isRegularFile(file) ? read(file) : Json.mapper().createObjectNode();
    }

    /** Every event of {@code progress.jsonl}, in the order they were read; blank lines are skipped. */
    public List<JsonNode> events() {
        Path file = file(PROGRESS);
        List<JsonNode> events = new ArrayList<>();
        if (!Files.isRegularFile(file)) {
            return events;
        }
        try {
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                if (!line.isBlank()) {
                    events.add(Json.mapper().readTree(line));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + file + ": " + e.getMessage(), e);
        }
        return events;
    }

    /** {@code progress.jsonl} emptied, for appending: each client run writes every event it reads once. */
    public ProgressLog newProgressLog() throws IOException {
        Files.createDirectories(dir);
        return new ProgressLog(file(PROGRESS));
    }

    /** Writes {@code bytes} to {@code target} through a temporary file, so no reader sees half of it. */
    public static void writeAtomically(Path target, byte[] bytes) {
        try {
            Files.createDirectories(target.toAbsolutePath().getParent());
            Path tmp = target.resolveSibling(target.getFileName() + ".tmp");
            Files.write(tmp, bytes);
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write " + target + ": " + e.getMessage(), e);
        }
    }

    private Path jobFile(String service, String id) {
        if (!SAFE.matcher(service).matches() || !SAFE.matcher(id).matches()) {
            throw new IllegalArgumentException("The job " + service + "/" + id
                    + " cannot be a file name; expected letters, digits, '.', '_' and '-' only.");
        }
        return dir.resolve("jobs").resolve(service).resolve(id + ".json");
    }

    private static byte[] json(JsonNode node) {
        try {
            return Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsBytes(node);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static JsonNode read(Path file) {
        try {
            return Json.mapper().readTree(file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + file + ": " + e.getMessage(), e);
        }
    }
}
