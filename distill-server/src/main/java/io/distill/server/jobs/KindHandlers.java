package io.distill.server.jobs;

import io.distill.contract.jobs.Job;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** A service's kinds of job, each with its one handler, by name: what runs a job of each kind. */
final class KindHandlers implements JobKinds {

    /** A kind and its handler, which gets the job's request as the kind's record. */
    private record Registration<R extends Record>(JobKind<R> kind, JobKind.Handler<R> handler) {
        void execute(Job job) throws Exception {
            handler.execute(job, kind.request(job));
        }
    }

    // Filled in the service's constructor, read by worker threads and the store afterwards.
    private final Map<String, Registration<?>> byName = new ConcurrentHashMap<>();

    <R extends Record> void add(JobKind<R> kind, JobKind.Handler<R> handler) {
        if (byName.putIfAbsent(kind.name(), new Registration<>(kind, handler)) != null) {
            throw new IllegalStateException("Job kind " + kind.name() + " has a handler already.");
        }
    }

    @Override
    public JobKind<?> kind(String name) {
        return registration(name).kind();
    }

    /** The names of the kinds, in no particular order. */
    java.util.Set<String> names() {
        return byName.keySet();
    }

    /** Does a running job's work, by the handler of its kind. */
    void execute(Job job) throws Exception {
        registration(job.kind()).execute(job);
    }

    private Registration<?> registration(String name) {
        Registration<?> registration = name == null ? null : byName.get(name);
        if (registration == null) {
            throw new IllegalStateException("This service runs no job of kind " + name + " (its kinds: "
                    + String.join(", ", byName.keySet()) + ").");
        }
        return registration;
    }
}
