package io.distill.core.jobs;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Jobs kept in memory and written through to {@code <dir>/<id>.json}, so they survive a restart.
 * Each write replaces the file atomically; a file that cannot be read is reported by name at load.
 */
public final class JobStore {

    private final JsonDirectory<Job> files;
    private final Map<String, Job> jobs = new ConcurrentHashMap<>();

    /** Opens the store in {@code dir}, reading every job already there. */
    public JobStore(Path dir) throws IOException {
        this.files = new JsonDirectory<>(dir, Job.class, Job::id);
        jobs.putAll(files.readAll());
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
        files.write(job);
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
