package io.distill.teacher.service;

import io.distill.core.artifact.ModelMetadata;
import io.distill.core.data.Datasets;
import io.distill.core.events.Json;
import io.distill.core.events.JobResult;
import io.distill.core.events.ModelReady;
import io.distill.core.jobs.FieldException;
import io.distill.core.jobs.Job;
import io.distill.core.jobs.JobState;
import io.distill.core.jobs.JobStore;
import io.distill.core.train.TrainingCancelledException;
import io.distill.service.jobs.JobMetrics;
import io.distill.service.jobs.JobRunner;
import io.distill.service.jobs.ProgressTracker;
import io.distill.service.messaging.ProgressPublisher;
import io.distill.service.models.ModelStore;
import io.distill.service.rest.UnknownIdException;
import io.distill.service.runtime.DataSets;
import io.distill.teacher.messaging.ModelPublisher;
import io.distill.teacher.rest.TeacherRequest;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Teacher jobs: queued on the worker pool, trained member by member, announced on Kafka, and
 * picked up again at start-up when the process died while they were queued or running.
 */
@ApplicationScoped
public class TeacherJobs {

    private static final Logger LOG = Logger.getLogger(TeacherJobs.class);

    private final JobStore store;
    private final JobRunner runner;
    private final DataSets dataSets;
    private final ModelStore models;
    private final TeacherTraining training;
    private final EnsembleScoring scoring;
    private final ModelPublisher modelPublisher;
    private final ProgressTracker.Context progress;

    public TeacherJobs(JobStore store, JobRunner runner, DataSets dataSets, ModelStore models,
            TeacherTraining training, EnsembleScoring scoring, ModelPublisher modelPublisher,
            ProgressPublisher progressPublisher, JobMetrics metrics,
            @ConfigProperty(name = "quarkus.application.name") String service) {
        this.store = store;
        this.runner = runner;
        this.dataSets = dataSets;
        this.models = models;
        this.training = training;
        this.scoring = scoring;
        this.modelPublisher = modelPublisher;
        this.progress = new ProgressTracker.Context(service, store, progressPublisher, runner, metrics);
    }

    /** Checks the data the request names, stores it as a queued job and queues it. */
    public Job create(TeacherRequest request) {
        dataSets.require("dataset", request.dataset());
        int split = dataSets.get(request.dataset()).train().size();
        if (request.trainLimit() != null && request.trainLimit() > split) {
            throw new FieldException("trainLimit", "is " + request.trainLimit() + ", but the training split of "
                    + request.dataset() + " has only " + split + " examples");
        }
        String id = "t-" + UUID.randomUUID().toString().substring(0, 8);
        Job job = store.save(Job.queued(id, request.epochs(), Json.mapper().valueToTree(request)));
        runner.submit(id, () -> run(id));
        return job;
    }

    public Job get(String id) {
        return store.get(id).orElseThrow(() -> new UnknownIdException("teacher job", id));
    }

    public List<Job> list() {
        return store.list();
    }

    /** Cancels a queued or running job; a finished job stays as it is. */
    public Job cancel(String id) {
        Job job = get(id);
        if (job.state().isFinal()) {
            return job;
        }
        runner.cancel(id);
        return job.state() == JobState.QUEUED ? finish(id, JobState.CANCELLED, "cancelled before it started") : job;
    }

    /** Re-queues, in their original order, the jobs a previous process left queued or running. */
    void resume(@Observes StartupEvent startup) {
        for (Job job : store.list()) {
            if (!job.state().isFinal()) {
                LOG.infof("Re-queuing teacher job %s, left %s by the previous process", job.id(), job.state());
                runner.submit(job.id(), () -> run(job.id()));
            }
        }
    }

    /** Runs job {@code id} to its end: SUCCEEDED, FAILED or CANCELLED. */
    void run(String id) {
        Job job = store.get(id).orElseThrow();
        if (job.state().isFinal()) {
            return;
        }
        try {
            TeacherRequest request = Json.mapper().treeToValue(job.request(), TeacherRequest.class);
            store.update(id, j -> j.withState(JobState.RUNNING, null));
            Datasets.Splits data = dataSets.get(request.dataset());
            List<ModelMetadata> members = new ArrayList<>();
            for (int m = 0; m < request.ensembleSize(); m++) {
                String modelId = id + "-" + m;
                ModelMetadata member = models.exists(modelId) ? models.metadata(modelId).orElseThrow()
                        : announce(id, m, request, training.train(id, m, modelId, request, data,
                                new ProgressTracker(progress, id, m, request.ensembleSize())));
                members.add(member);
            }
            Map<String, Object> metrics = scoring.jobMetrics(members, data);
            List<String> modelIds = members.stream().map(ModelMetadata::modelId).toList();
            store.update(id, j -> j.withResults(metrics, modelIds)
                    .withProgress(j.epochs(), 1.0, j.examplesPerSecond(), j.trainLoss(), j.validationErrors(), 0.0));
            progress.metrics().testErrors(((Number) metrics.get("testErrors")).intValue());
            finish(id, JobState.SUCCEEDED, null);
        } catch (TrainingCancelledException e) {
            finish(id, JobState.CANCELLED, e.getMessage());
        } catch (Exception | LinkageError e) {
            LOG.errorf(e, "Teacher job %s failed", id);
            finish(id, JobState.FAILED, e.getMessage() == null ? e.toString() : e.getMessage());
        }
    }

    /** Publishes a member's ModelReady and waits until the broker has it. */
    private ModelMetadata announce(String jobId, int index, TeacherRequest request, ModelMetadata member)
            throws Exception {
        ModelReady event = new ModelReady(member.modelId(), "teacher", jobId, jobId, index, request.ensembleSize(),
                request.dataset(),
                member.architecture(), member.metrics(), models.artifactUri(member.modelId()), member.sha256(),
                request.plan(), member.createdAt());
        modelPublisher.publish(event).toCompletableFuture().get(60, TimeUnit.SECONDS);
        return member;
    }

    private Job finish(String id, JobState state, String error) {
        Job done = store.update(id, j -> j.withState(state, error));
        progress.publisher().publish(new JobResult(progress.service(), id, state.name(), done.metrics(),
                done.modelIds(), error, Instant.now()));
        return done;
    }
}
