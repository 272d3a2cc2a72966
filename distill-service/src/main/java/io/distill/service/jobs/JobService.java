package io.distill.service.jobs;

import io.distill.core.events.JobResult;
import io.distill.core.events.Json;
import io.distill.core.jobs.Job;
import io.distill.core.jobs.JobState;
import io.distill.core.jobs.JobStore;
import io.distill.core.train.TrainingCancelledException;
import io.distill.service.messaging.ProgressPublisher;
import io.distill.service.rest.UnknownIdException;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * What every service's jobs share: lookup, listing, cancelling, ending with a {@code JobResult},
 * and picking up at start-up the jobs a previous process left queued or running.
 * A service supplies {@link #execute(Job)}, the job's work. Subclasses are
 * {@code @Singleton} beans: they need no client proxy.
 */
public abstract class JobService {

    private static final Logger LOG = Logger.getLogger(JobService.class);

    protected final JobStore store;
    protected final JobRunner runner;
    protected final ProgressPublisher progress;
    protected final String service;
    private final String kind;

    protected JobService(JobStore store, JobRunner runner, ProgressPublisher progress, String service, String kind) {
        this.store = store;
        this.runner = runner;
        this.progress = progress;
        this.service = service;
        this.kind = kind;
    }

    /**
     * Does a running job's work and records its results (see {@link #complete}). Throwing
     * {@link TrainingCancelledException} ends it CANCELLED; anything else ends it FAILED.
     */
    protected abstract void execute(Job job) throws Exception;

    /** Takes job {@code id} to SUCCEEDED, FAILED or CANCELLED. Runs on the worker pool. */
    protected final void run(String id) {
        Job job = store.get(id).orElseThrow();
        if (job.state().isFinal()) {
            return;
        }
        try {
            execute(store.update(id, j -> j.withState(JobState.RUNNING, null)));
            finish(id, JobState.SUCCEEDED, null);
        } catch (TrainingCancelledException e) {
            ended(job, JobState.CANCELLED, e.getMessage());
        } catch (Exception | LinkageError e) {
            LOG.errorf(e, "%s %s failed", kind, id);
            ended(job, JobState.FAILED, reason(e));
        }
    }

    /** Records a job's results: its metrics and models, all of it done. */
    protected Job complete(String id, java.util.Map<String, Object> metrics, List<String> modelIds) {
        return store.update(id, j -> j.withResults(metrics, modelIds)
                .withProgress(j.epochs(), 1.0, j.examplesPerSecond(), j.trainLoss(), j.validationErrors(), 0.0));
    }

    /** Ends a job that did not succeed; a service may add to it (a FAILED manifest, say). */
    protected Job ended(Job job, JobState state, String reason) {
        return finish(job.id(), state, reason);
    }

    public Job get(String id) {
        return store.get(id).orElseThrow(() -> new UnknownIdException(kind, id));
    }

    public List<Job> list() {
        return store.list();
    }

    /** Stores a new job and queues it. */
    /** Stores a new queued job for {@code request}, with id {@code <prefix>-<8 hex digits>}, and queues it. */
    protected Job submitNew(String prefix, int epochs, Object request) {
        String id = prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
        return submit(Job.queued(id, epochs, Json.mapper().valueToTree(request)));
    }

    protected Job submit(Job job) {
        Job saved = store.save(job);
        runner.submit(saved.id(), () -> run(saved.id()));
        return saved;
    }

    /** Cancels a queued job at once, or asks a running one to stop at its next batch. */
    public Job cancel(String id) {
        Job job = get(id);
        if (job.state().isFinal()) {
            return job;
        }
        runner.cancel(id);
        return job.state() == JobState.QUEUED ? ended(job, JobState.CANCELLED, "cancelled before it started") : job;
    }

    /** Re-queues, in their original order, the jobs a previous process left queued or running. */
    protected void resumeUnfinished() {
        for (Job job : store.list()) {
            if (!job.state().isFinal()) {
                LOG.infof("Re-queuing %s %s, left %s by the previous process", kind, job.id(), job.state());
                runner.submit(job.id(), () -> run(job.id()));
            }
        }
    }

    /** Sets the job's final state and publishes its {@code JobResult}. */
    protected Job finish(String id, JobState state, String error) {
        Job done = store.update(id, j -> j.withState(state, error));
        progress.publish(new JobResult(service, id, state.name(), done.metrics(), done.modelIds(), error,
                Instant.now()));
        return done;
    }

    /** A failure's message, or its type when it has none. */
    protected static String reason(Throwable e) {
        return e.getMessage() == null ? e.toString() : e.getMessage();
    }
}
