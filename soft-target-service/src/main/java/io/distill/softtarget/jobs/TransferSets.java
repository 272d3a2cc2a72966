package io.distill.softtarget.jobs;

import io.distill.contract.events.JobProgressBuilder;
import io.distill.contract.events.ModelReady;
import io.distill.contract.events.Topics;
import io.distill.contract.events.TransferSetManifest;
import io.distill.contract.events.TransferSetManifestBuilder;
import io.distill.contract.events.TransferSetState;
import io.distill.contract.jobs.Job;
import io.distill.contract.jobs.JobCancelledException;
import io.distill.contract.jobs.JobState;
import io.distill.contract.metrics.TransferSetMetrics;
import io.distill.contract.requests.TransferSetRequest;
import io.distill.server.config.DistillConfig;
import io.distill.server.jobs.JobControl;
import io.distill.server.jobs.JobKind;
import io.distill.server.problems.ConflictException;
import io.distill.server.problems.UnknownIdException;
import io.distill.server.transfer.TransferSetExpiredException;
import io.distill.softtarget.messaging.ManifestPublisher;
import io.distill.softtarget.messaging.SoftTargetLog;
import jakarta.inject.Singleton;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * Transfer-set jobs: queued on the clustered scheduler, streamed, closed by a manifest (COMPLETE or
 * FAILED with the reason), and streamed again under the same id, with the same keys, by the replica
 * that takes over when the one streaming it died.
 */
@Singleton
public class TransferSets extends JobControl {

    /**
     * A transfer set, for {@code POST /transfer-sets} or a teacher's plan; a request stored before one
     * of its fields existed takes that field's default.
     */
    public static final JobKind<TransferSetRequest> TRANSFER_SET = JobKind.of("transfer-set", TransferSetRequest.class)
            .upgradedBy(TransferSetRequest::withDefaults);

    private static final Logger LOG = Logger.getLogger(TransferSets.class);
    private static final long PROGRESS_NANOS = 2_000_000_000L;

    private final TeacherRegistry teachers;
    private final SoftTargetStreaming streaming;
    private final ManifestPublisher manifests;
    private final SoftTargetLog log;
    private final String publicBase;
    private final StreamAdmission admission;

    public TransferSets(JobControl.Context context, TeacherRegistry teachers, SoftTargetStreaming streaming,
            ManifestPublisher manifests, SoftTargetLog log, DistillConfig config, StreamAdmission admission) {
        super(context, "transfer set");
        this.teachers = teachers;
        this.streaming = streaming;
        this.manifests = manifests;
        this.log = log;
        this.publicBase = config.publicBase();
        this.admission = admission;
        handle(TRANSFER_SET, this::stream);
    }

    /** Whether a set was queued again by {@link #restream}, or is returned as it is. */
    public record Restream(Job job, boolean queued) {}

    /**
     * Streams set {@code id} again, under the same id, when Kafka has deleted some of its events: the
     * same teachers, data, split, filters and combine rule give the same logits, published as the
     * next generation with new offsets. A set still streaming, or whose events are all there, is
     * returned as it is; a set that failed or was cancelled is refused. Two requests at once queue it
     * once: the check and the change happen under the job's row lock.
     */
    public Restream restream(String id) {
        Job current = get(id);
        if (current.state() == JobState.FAILED || current.state() == JobState.CANCELLED) {
            throw new ConflictException("id", "Transfer set " + id + " is " + current.state() + " ("
                    + current.error() + "); post its request again to stream it anew.");
        }
        if (current.state() != JobState.SUCCEEDED || expiry(current).isEmpty()) {
            return new Restream(current, false);
        }
        Optional<Job> queued = requeueIf(id, j -> j.state() == JobState.SUCCEEDED, j -> {
            TransferSetMetrics done = j.metrics(TransferSetMetrics.class).orElseThrow();
            return j.withResults(TransferSetMetrics.streaming(done.count(), 0, done.generation() + 1), List.of())
                    .withState(JobState.QUEUED, null);
        });
        queued.ifPresent(job -> LOG.infof("Transfer set %s has expired on soft-targets; streaming it again as"
                + " generation %d", id, generation(job)));
        return queued.map(job -> new Restream(job, true)).orElseGet(() -> new Restream(get(id), false));
    }

    /** Whether Kafka has deleted some events of this complete set; null when Kafka cannot be asked now. */
    public Boolean expired(Job job) {
        if (job.state() != JobState.SUCCEEDED) {
            return false;
        }
        try {
            return expiry(job).isPresent();
        } catch (IllegalStateException e) {
            LOG.debugf("Whether transfer set %s has expired is unknown: %s", job.id(), e.getMessage());
            return null;
        }
    }

    private Optional<TransferSetExpiredException> expiry(Job job) {
        return job.metrics(TransferSetMetrics.class)
                .filter(m -> m.offsets() != null)
                .flatMap(m -> log.expiry(job.id(), m.generation(), m.offsetRanges()));
    }

    /** Which stream of the set the job is on: 1 at first, one more per re-stream. */
    private static int generation(Job job) {
        return job.metrics(TransferSetMetrics.class).map(TransferSetMetrics::generation).orElse(1);
    }

    private String restreamUri(String id) {
        return publicBase + "/transfer-sets/" + id + "/restream";
    }

    /** A created set, and whether it is an existing one returned for an identical request. */
    public record Created(Job job, boolean existing) {}

    /**
     * Queues a set, or returns the existing set for an identical request (same teachers, data and
     * filters) that has not failed, so a repeated request never doubles the stream.
     */
    public Created create(TransferSetRequest sent) {
        TransferSetRequest request = admission.admit(sent, resolve(sent));
        Optional<Job> same = list().stream()
                .filter(j -> j.state() != JobState.FAILED && j.state() != JobState.CANCELLED)
                .filter(j -> sameSet(j, request))
                .findFirst();
        if (same.isPresent()) {
            return new Created(same.get(), true);
        }
        return new Created(submitNew("ts", TRANSFER_SET, 1, request), false);
    }

    /**
     * Queues the set a plan asks for under {@code id}, derived from the event that carries the plan, so
     * a redelivered event starts nothing twice.
     */
    public Job createFromPlan(String id, TransferSetRequest request) {
        return createOnce(TRANSFER_SET.queued(id, 1, admission.admit(request, resolve(request))));
    }

    /** A set that did not complete ends with a FAILED manifest carrying the reason. */
    @Override
    protected Job ended(Job job, JobState state, String reason) {
        TransferSetRequest request = TRANSFER_SET.request(job);
        List<String> ids = request.teacherModelIds().isEmpty()
                ? teachers.announced(request.teacherJobId()).stream().map(ModelReady::modelId).toList()
                : request.teacherModelIds();
        manifests.publish(TransferSetManifestBuilder.builder().transferSetId(job.id())
                .state(TransferSetState.FAILED).count(0).teacherModelIds(ids)
                .filters(TransferSetManifest.Filters.of(request)).topic(Topics.SOFT_TARGETS).offsets(Map.of())
                .error(reason).plan(request.planOrNull()).generation(generation(job))
                .restreamUri(restreamUri(job.id())).build());
        return finish(job.id(), state, reason);
    }

    /** The teachers a request names: every one announced, an ensemble complete. */
    public List<ModelReady> resolve(TransferSetRequest request) {
        if (request.teacherJobId() == null) {
            return request.teacherModelIds().stream().map(id -> teachers.get(id)
                    .orElseThrow(() -> new UnknownIdException("teacher model (announced on teacher-models)", id)))
                    .toList();
        }
        List<ModelReady> members = teachers.members(request.teacherJobId());
        if (members.isEmpty()) {
            throw new UnknownIdException("teacher job (announced on teacher-models)", request.teacherJobId());
        }
        int expected = members.get(0).ensembleSize();
        if (members.size() < expected) {
            throw new ConflictException("teacherJobId", "Teacher job " + request.teacherJobId() + " has announced "
                    + members.size() + " of its " + expected + " members; ask again once all are ready.");
        }
        return members;
    }

    /** A transfer-set job: the teachers' logits streamed to soft-targets, then the COMPLETE manifest. */
    private void stream(Job job, TransferSetRequest request) throws Exception {
        String id = job.id();
        int generation = generation(job);
        List<ModelReady> sources = resolve(request);
        long start = System.nanoTime();
        long[] lastReport = {0};
        SoftTargetStreaming.Streamed done = streaming.stream(id, request, sources, (published, count) -> {
            if (runner.shouldStop(id)) {
                throw new JobCancelledException("Transfer set " + id + " was cancelled.");
            }
            if (System.nanoTime() - lastReport[0] > PROGRESS_NANOS) {
                lastReport[0] = System.nanoTime();
                report(id, published, count, (System.nanoTime() - start) / 1e9, generation);
            }
        });
        double seconds = (System.nanoTime() - start) / 1e9;
        TransferSetMetrics metrics = TransferSetMetrics.complete(done.count(), done.classCounts(), done.offsets(),
                seconds, generation);
        progressed(id, metrics, 1, 1.0, done.count() / Math.max(1e-9, seconds), 0.0);
        long manifestStart = System.nanoTime();
        manifests.publish(TransferSetManifestBuilder.builder().transferSetId(id).state(TransferSetState.COMPLETE)
                .count(done.count()).classCounts(done.classCounts())
                .teacherModelIds(sources.stream().map(ModelReady::modelId).toList())
                .filters(TransferSetManifest.Filters.of(request)).topic(Topics.SOFT_TARGETS).offsets(done.offsets())
                .plan(request.planOrNull()).generation(generation).restreamUri(restreamUri(id))
                .features(done.form()).shape(done.shape()).build())
                .toCompletableFuture().get(60, TimeUnit.SECONDS);
        done.phases().since(StreamPhases.Phase.MANIFEST, manifestStart);
        LOG.infof("Transfer set %s: %d events in %.2f s (%.0f a second); %s", id, done.count(), seconds,
                done.count() / Math.max(1e-9, seconds), done.phases().summary());
    }

    private void report(String id, long published, long count, double seconds, int generation) {
        double fraction = count == 0 ? 1 : (double) published / count;
        double rate = published / Math.max(1e-9, seconds);
        Job updated = progressed(id, TransferSetMetrics.streaming(count, published, generation), 0, fraction, rate,
                rate > 0 ? (count - published) / rate : null);
        progress.publish(JobProgressBuilder.builder().service(service).jobId(id).state(updated.state().name())
                .epoch(0).epochs(1).progress(fraction).examplesPerSecond(rate).etaSeconds(updated.etaSeconds())
                .message(published + " of " + count + " examples published").timestamp(Instant.now()).build());
    }

    private static boolean sameSet(Job job, TransferSetRequest request) {
        return TRANSFER_SET.request(job).withoutPlan().equals(request.withoutPlan());
    }
}
