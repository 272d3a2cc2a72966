package io.distill.core.jobs;

import io.distill.core.events.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * Jobs kept in memory and written through to {@code <dir>/<id>.json}, so they survive a restart.
 * Each write replaces the file atomically; a file that cannot be read is reported by name at load.
 */
public final class JobStore {

    private final Path dir;
    private final Map<String, Job> jobs = new ConcurrentHashMap<>();

    /** Opens the store in {@code dir}, reading every job already there. */
    public JobStore(Path dir) throws IOException {
        this.dir = dir;
        Files.createDirectories(dir);
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : files.filter(f -> f.getFileName().toString().endsWith(".json")).toList()) {
                try {
                    Job job = Json.mapper().readValue(file.toFile(), Job.class);
                    jobs.put(job.id(), job);
                } catch (IOException e) {
                    throw new IOException("Job record " + file + " cannot be read: " + e.getMessage(), e);
                }
            }
        }
    }

    public Optional<Job> get(String id) {
        return Optional.ofNullable(jobs.get(id));
    }

    /** Every job, oldest first. */
    public List<Job> list() {
        return jobs.values().stream().sorted(Comparator.comparing(Job::createdAt).thenComparing(Job::id)).toList();
    }

    /** Stores the job, replacing any earlier version of it. */
    public synchronized Job save(Job job) {
        Path file = dir.resolve(job.id() + ".json");
        Path tmp = dir.resolve(job.id() + ".json.tmp");
        try {
            Json.mapper().writerWithDefaultPrettyPrinter().writeValue(tmp.toFile(), job);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write job record " + file + ": " + e.getMessage(), e);
        }
        jobs.put(job.id(), job);
        return job;
    }

    /** Applies {@code change} to the stored job and saves the result. */
    public synchronized Job update(String id, java.util.function.UnaryOperator<Job> change) {
        Job current = jobs.get(id);
        if (current == null) {
            throw new IllegalArgumentException("Job " + id + " is not in the store.");
        }
        return save(change.apply(current));
    }
}
