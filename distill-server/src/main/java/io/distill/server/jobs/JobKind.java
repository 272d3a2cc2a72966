package io.distill.server.jobs;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.distill.contract.jobs.Job;
import io.distill.contract.json.Json;
import java.util.function.UnaryOperator;

/**
 * One kind of job a service runs: the name its records carry, and the record its request is, read
 * once where the row is read. A service registers each of its kinds with one handler
 * ({@link JobControl#handle}); the kind, not the shape of the job's id, says what a job is.
 *
 * @param name        the job's {@code kind}, stored in its row
 * @param requestType the record its request is read as
 * @param upgrade     what a request stored before some of its fields existed becomes as it is read
 *                    (their defaults filled in); the identity for most kinds
 * @param <R>         the request record
 */
public record JobKind<R extends Record>(String name, Class<R> requestType, UnaryOperator<R> upgrade) {

    /** What a kind's handler does with a running job and its request: the job's work. */
    @FunctionalInterface
    public interface Handler<R> {
        void execute(Job job, R request) throws Exception;
    }

    public static <R extends Record> JobKind<R> of(String name, Class<R> requestType) {
        return new JobKind<>(name, requestType, UnaryOperator.identity());
    }

    /** This kind, its stored requests completed by {@code fill} as they are read. */
    public JobKind<R> upgradedBy(UnaryOperator<R> fill) {
        return new JobKind<>(name, requestType, fill);
    }

    /** A new job of this kind for {@code request}, queued now. */
    public Job queued(String id, int epochs, R request) {
        return Job.queued(name, id, epochs, request, null);
    }

    /** A new job of this kind for {@code request}, part of job {@code parent}, queued now. */
    public Job childOf(Job parent, String id, int epochs, R request) {
        return Job.queued(name, id, epochs, request, parent.id());
    }

    /** Whether {@code job} is of this kind. */
    public boolean is(Job job) {
        return name.equals(job.kind());
    }

    /** The request of {@code job}, which must be of this kind. */
    public R request(Job job) {
        if (!is(job)) {
            throw new IllegalStateException("Job " + job.id() + " is of kind " + job.kind() + ", not " + name + ".");
        }
        return requestType.cast(job.request());
    }

    /** A stored request, read as this kind's record. */
    R read(JsonNode stored) throws JsonProcessingException {
        R request = stored == null || stored.isNull() ? null : Json.mapper().treeToValue(stored, requestType);
        return request == null ? null : upgrade.apply(request);
    }
}
