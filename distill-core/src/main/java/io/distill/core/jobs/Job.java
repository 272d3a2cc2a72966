package io.distill.core.jobs;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A training or streaming job as the contract shows it at {@code GET /<root>/<id>}, and as it is
 * kept on disk so that it survives a restart.
 *
 * @param progress           fraction done, 0..1
 * @param metrics            the job's metrics so far (final once it has SUCCEEDED)
 * @param request            the request with every default filled in
 * @param modelIds           the models it has produced
 * @param trainLoss          mean training loss of the last epoch, or null
 * @param validationErrors   validation errors after the last epoch, or null
 * @param etaSeconds         estimated seconds left, or null
 */
public record Job(
        String id,
        JobState state,
        int epoch,
        int epochs,
        double progress,
        double examplesPerSecond,
        Map<String, Object> metrics,
        String error,
        JsonNode request,
        List<String> modelIds,
        Double trainLoss,
        Integer validationErrors,
        Double etaSeconds,
        Instant createdAt,
        Instant updatedAt) {

    public Job {
        metrics = metrics == null ? Map.of() : Map.copyOf(metrics);
        modelIds = modelIds == null ? List.of() : List.copyOf(modelIds);
    }

    /** A new job, queued now. */
    public static Job queued(String id, int epochs, JsonNode request) {
        Instant now = Instant.now();
        return new Job(id, JobState.QUEUED, 0, epochs, 0, 0, Map.of(), null, request, List.of(), null, null, null,
                now, now);
    }

    public Job withState(JobState newState, String newError) {
        return new Job(id, newState, epoch, epochs, progress, examplesPerSecond, metrics, newError, request,
                modelIds, trainLoss, validationErrors, etaSeconds, createdAt, Instant.now());
    }

    public Job withProgress(int newEpoch, double newProgress, double rate, Double loss, Integer validation,
            Double eta) {
        return new Job(id, state, newEpoch, epochs, newProgress, rate, metrics, error, request, modelIds, loss,
                validation, eta, createdAt, Instant.now());
    }

    public Job withResults(Map<String, Object> newMetrics, List<String> newModelIds) {
        return new Job(id, state, epoch, epochs, progress, examplesPerSecond, newMetrics, error, request,
                newModelIds, trainLoss, validationErrors, etaSeconds, createdAt, Instant.now());
    }
}
