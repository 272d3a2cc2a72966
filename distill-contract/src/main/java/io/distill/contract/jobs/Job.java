package io.distill.contract.jobs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import io.distill.contract.metrics.MetricsJson;
import io.distill.contract.metrics.RunMetrics;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * A training or streaming job as the contract shows it at {@code GET /<root>/<id>}, and as the
 * services keep it in the shared database so that every replica sees it and it survives any one.
 *
 * @param progress           fraction done, 0..1
 * @param metrics            the job's metrics so far (final once it has SUCCEEDED): the record of its
 *                           kind, or null (shown as {@code {}}) while it has none
 * @param request            the request with every default filled in
 * @param modelIds           the models it has produced
 * @param trainLoss          mean training loss of the last epoch, or null
 * @param validationErrors   validation errors after the last epoch, or null
 * @param etaSeconds         estimated seconds left, or null
 * @param instance           the replica that last started it ({@code HOSTNAME}), or null while queued
 * @param attempts           how many times a replica has started it, less the starts handed back (its
 *                           replica shut down gracefully, or an outage stopped it); a job is FAILED
 *                           once it reaches the cap
 * @param parentId           the job it is part of (a teacher ensemble, a specialist ensemble), or null
 * @param children           the jobs it fanned out into, in order
 */
public record Job(
        String id,
        JobState state,
        int epoch,
        int epochs,
        double progress,
        double examplesPerSecond,
        @JsonSerialize(nullsUsing = MetricsJson.NoneAsEmptyObject.class) RunMetrics metrics,
        String error,
        @Schema(type = SchemaType.OBJECT, description = "The request, with every default filled in")
        JsonNode request,
        List<String> modelIds,
        Double trainLoss,
        Integer validationErrors,
        Double etaSeconds,
        Instant createdAt,
        Instant updatedAt,
        String instance,
        int attempts,
        String parentId,
        List<String> children) {

    public Job {
        modelIds = modelIds == null ? List.of() : List.copyOf(modelIds);
        children = children == null ? List.of() : List.copyOf(children);
    }

    /** A new job, queued now. */
    public static Job queued(String id, int epochs, JsonNode request) {
        return queued(id, epochs, request, null);
    }

    /** A new job that is part of job {@code parentId}, queued now. */
    public static Job queued(String id, int epochs, JsonNode request, String parentId) {
        Instant now = Instant.now();
        return new Job(id, JobState.QUEUED, 0, epochs, 0, 0, null, null, request, List.of(), null, null, null,
                now, now, null, 0, parentId, List.of());
    }

    public Job withState(JobState newState, String newError) {
        return new Job(id, newState, epoch, epochs, progress, examplesPerSecond, metrics, newError, request,
                modelIds, trainLoss, validationErrors, etaSeconds, createdAt, Instant.now(), instance, attempts,
                parentId, children);
    }

    /** The job as replica {@code replica} starts it: RUNNING, one more attempt. */
    public Job startedOn(String replica) {
        return new Job(id, JobState.RUNNING, epoch, epochs, progress, examplesPerSecond, metrics, null, request,
                modelIds, trainLoss, validationErrors, etaSeconds, createdAt, Instant.now(), replica, attempts + 1,
                parentId, children);
    }

    /** The job as its replica hands it back (a graceful shutdown, an outage): that start does not count. */
    public Job handedBack() {
        return new Job(id, state, epoch, epochs, progress, examplesPerSecond, metrics, error, request, modelIds,
                trainLoss, validationErrors, etaSeconds, createdAt, Instant.now(), instance, Math.max(0, attempts - 1),
                parentId, children);
    }

    public Job withProgress(int newEpoch, double newProgress, double rate, Double loss, Integer validation,
            Double eta) {
        return new Job(id, state, newEpoch, epochs, newProgress, rate, metrics, error, request, modelIds, loss,
                validation, eta, createdAt, Instant.now(), instance, attempts, parentId, children);
    }

    /**
     * The job's metrics as the record its service writes, or empty while it has none; a service
     * knows its jobs' kind, so another kind is an {@link IllegalStateException}.
     */
    public <M extends RunMetrics> Optional<M> metrics(Class<M> type) {
        return Optional.ofNullable(metrics).map(m -> m.as(type));
    }

    public Job withResults(RunMetrics newMetrics, List<String> newModelIds) {
        return new Job(id, state, epoch, epochs, progress, examplesPerSecond, newMetrics, error, request,
                newModelIds, trainLoss, validationErrors, etaSeconds, createdAt, Instant.now(), instance, attempts,
                parentId, children);
    }

    public Job withChildren(List<String> newChildren) {
        return new Job(id, state, epoch, epochs, progress, examplesPerSecond, metrics, error, request, modelIds,
                trainLoss, validationErrors, etaSeconds, createdAt, Instant.now(), instance, attempts, parentId,
                newChildren);
    }
}
