package io.distill.teacher.service;

import io.distill.core.artifact.ModelMetadata;
import io.distill.core.data.Datasets;
import io.distill.core.events.Json;
import io.distill.core.events.ModelReady;
import io.distill.core.jobs.FieldException;
import io.distill.core.jobs.Job;
import io.distill.core.jobs.JobStore;
import io.distill.service.jobs.JobMetrics;
import io.distill.service.jobs.JobRunner;
import io.distill.service.jobs.JobService;
import io.distill.service.jobs.ProgressTracker;
import io.distill.service.messaging.ProgressPublisher;
import io.distill.service.models.ModelStore;
import io.distill.service.runtime.DataSets;
import io.distill.teacher.messaging.ModelPublisher;
import io.distill.teacher.rest.TeacherRequest;
import io.quarkus.runtime.StartupEvent;
import jakarta.inject.Singleton;
import jakarta.enterprise.event.Observes;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Teacher jobs: queued on the worker pool, trained member by member, announced on Kafka, and
 * picked up again at start-up when the process died while they were queued or running.
 */
@Singleton
public class TeacherJobs extends JobService {

    private final DataSets dataSets;
    private final ModelStore models;
    private final TeacherTraining training;
    private final EnsembleScoring scoring;
    private final ModelPublisher modelPublisher;
    private final ProgressTracker.Context tracking;

    public TeacherJobs(JobStore store, JobRunner runner, DataSets dataSets, ModelStore models,
            TeacherTraining training, EnsembleScoring scoring, ModelPublisher modelPublisher,
            ProgressPublisher progressPublisher, JobMetrics metrics,
            @ConfigProperty(name = "quarkus.application.name") String service) {
        super(store, runner, progressPublisher, service, "teacher job");
        this.dataSets = dataSets;
        this.models = models;
        this.training = training;
        this.scoring = scoring;
        this.modelPublisher = modelPublisher;
        this.tracking = new ProgressTracker.Context(service, store, progressPublisher, runner, metrics);
    }

    /** Checks the data the request names, stores it as a queued job and queues it. */
    public Job create(TeacherRequest request) {
        dataSets.require("dataset", request.dataset());
        int split = dataSets.get(request.dataset()).train().size();
        if (request.trainLimit() != null && request.trainLimit() > split) {
            throw new FieldException("trainLimit", "is " + request.trainLimit() + ", but the training split of "
                    + request.dataset() + " has only " + split + " examples");
        }
        return submitNew("t", request.epochs(), request);
    }

    void resume(@Observes StartupEvent startup) {
        resumeUnfinished();
    }

    @Override
    protected void execute(Job job) throws Exception {
        String id = job.id();
        TeacherRequest request = Json.mapper().treeToValue(job.request(), TeacherRequest.class);
        Datasets.Splits data = dataSets.get(request.dataset());
        List<ModelMetadata> members = new ArrayList<>();
        for (int m = 0; m < request.ensembleSize(); m++) {
            String modelId = id + "-" + m;
            // A member finished before a restart is kept, not trained again.
            members.add(models.exists(modelId) ? models.metadata(modelId).orElseThrow()
                    : announce(id, m, request, training.train(id, m, modelId, request, data,
                            new ProgressTracker(tracking, id, m, request.ensembleSize()))));
        }
        Map<String, Object> metrics = scoring.jobMetrics(members, data);
        complete(id, metrics, members.stream().map(ModelMetadata::modelId).toList());
        tracking.metrics().testErrors(((Number) metrics.get("testErrors")).intValue());
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
}
