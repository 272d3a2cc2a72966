package io.distill.contract.jobs;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import io.distill.contract.metrics.MetricsJson;
import io.distill.contract.metrics.RunMetrics;
import io.distill.contract.records.Builder;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * A training or streaming job as the contract shows it at {@code GET /<root>/<id>}, and as the
 * services keep it in the shared database so that every replica sees it and it survives any one.
 * Made with {@link JobBuilder}; its own {@code with...} methods below are the changes of its life,
 * each of which stamps {@code updatedAt}.
 *
 * @param kind               what the job is, named by its service ({@code teacher}, {@code teacher-member},
 *                           {@code transfer-set}, {@code student}, {@code ensemble}, {@code specialist},
 *                           {@code control}): it picks the job's handler and its request's record
 * @param progress           fraction done, 0..1
 * @param metrics            the job's metrics so far (final once it has SUCCEEDED): the record of its
 *                           kind, or null (shown as {@code {}}) while it has none
 * @param request            the request with every default filled in, as the record of the job's kind;
 *                           only the store reads it back, by that record ({@code JobStore}), so Jackson
 *                           alone leaves it null
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
@Builder
@JsonIgnoreProperties(value = "request", allowGetters = true)
public record Job(
        String id,
        @Schema(description = "What the job is, as its service names it (teacher, teacher-member, transfer-set,"
                + " student, ensemble, specialist, control); it says what the request holds")
        String kind,
        JobState state,
        int epoch,
        int epochs,
        double progress,
        double examplesPerSecond,
        @JsonSerialize(nullsUsing = MetricsJson.NoneAsEmptyObject.class) RunMetrics metrics,
        String error,
        @Schema(type = SchemaType.OBJECT, description = "The request, with every default filled in")
        Record request,
        List<String> modelIds,
        Double trainLoss,
        Integer validationErrors,
        Double etaSeconds,
        Instant createdAt,
        Instant updatedAt,
        String instance,
        int attempts,
        String parentId,
        List<String> children) implements JobBuilder.With {

    public Job {
        modelIds = modelIds == null ? List.of() : List.copyOf(modelIds);
        children = children == null ? List.of() : List.copyOf(children);
    }

    /** A new job of kind {@code kind}, queued now; part of job {@code parentId}, unless that is null. */
    public static Job queued(String kind, String id, int epochs, Record request, String parentId) {
        Instant now = Instant.now();
        return JobBuilder.builder().id(id).kind(kind).state(JobState.QUEUED).epochs(epochs).request(request)
                .createdAt(now).updatedAt(now).parentId(parentId).build();
    }

    public Job withState(JobState newState, String newError) {
        return changed(b -> b.state(newState).error(newError));
    }

    /** The job as replica {@code replica} starts it: RUNNING, one more attempt. */
    public Job startedOn(String replica) {
        return changed(b -> b.state(JobState.RUNNING).error(null).instance(replica).attempts(attempts + 1));
    }

    /** The job as its replica hands it back (a graceful shutdown, an outage): that start does not count. */
    public Job handedBack() {
        return changed(b -> b.attempts(Math.max(0, attempts - 1)));
    }

    public Job withProgress(int newEpoch, double newProgress, double rate, Double loss, Integer validation,
            Double eta) {
        return changed(b -> b.epoch(newEpoch).progress(newProgress).examplesPerSecond(rate).trainLoss(loss)
                .validationErrors(validation).etaSeconds(eta));
    }

    /**
     * The job's metrics as the record its service writes, or empty while it has none; a service
     * knows its jobs' kind, so another kind is an {@link IllegalStateException}.
     */
    public <M extends RunMetrics> Optional<M> metrics(Class<M> type) {
        return Optional.ofNullable(metrics).map(m -> m.as(type));
    }

    public Job withResults(RunMetrics newMetrics, List<String> newModelIds) {
        return changed(b -> b.metrics(newMetrics).modelIds(newModelIds));
    }

    /** The job as it fans out into {@code newChildren}. */
    @Override
    public Job withChildren(List<String> newChildren) {
        return changed(b -> b.children(newChildren));
    }

    /** The job changed by {@code change}, updated now. */
    private Job changed(Consumer<JobBuilder> change) {
        return with(b -> change.accept(b.updatedAt(Instant.now())));
    }
}
