package io.distill.specialist.service;

import io.distill.core.artifact.ModelMetadata;
import io.distill.core.events.EnsembleReady;
import io.distill.core.events.Json;
import io.distill.core.events.ModelReady;
import io.distill.core.events.TransferSetManifest;
import io.distill.core.jobs.Job;
import io.distill.core.jobs.JobStore;
import io.distill.core.train.TrainingCancelledException;
import io.distill.service.jobs.JobMetrics;
import io.distill.service.jobs.JobRunner;
import io.distill.service.jobs.JobService;
import io.distill.service.jobs.ProgressTracker;
import io.distill.service.messaging.ProgressPublisher;
import io.distill.service.models.ModelStore;
import io.distill.service.rest.UnknownIdException;
import io.distill.service.transfer.SoftTargetReader;
import io.distill.service.transfer.TransferSetRegistry;
import io.distill.specialist.config.SpecialistDefaults;
import io.distill.specialist.messaging.EnsemblePublisher;
import io.distill.specialist.rest.EnsembleRequest;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Ensemble jobs: each waits for its transfer set and generalist, reads the set from the stream,
 * builds the specialists and their ensemble, and announces it on {@code specialist-ensembles}. A job
 * the previous process left running starts again, keeping the specialists it had finished.
 */
@Singleton
public class EnsembleJobs extends JobService {

    private final TransferSetRegistry transferSets;
    private final GeneralistRegistry generalists;
    private final SoftTargetReader reader;
    private final EnsembleTraining training;
    private final ModelStore models;
    private final EnsemblePublisher publisher;
    private final SpecialistDefaults defaults;
    private final ProgressTracker.Context tracking;

    public EnsembleJobs(JobStore store, JobRunner runner, ProgressPublisher progress, JobMetrics metrics,
            TransferSetRegistry transferSets, GeneralistRegistry generalists, SoftTargetReader reader,
            EnsembleTraining training, ModelStore models, EnsemblePublisher publisher, SpecialistDefaults defaults,
            @ConfigProperty(name = "quarkus.application.name") String service) {
        super(store, runner, progress, service, "ensemble job");
        this.transferSets = transferSets;
        this.generalists = generalists;
        this.reader = reader;
        this.training = training;
        this.models = models;
        this.publisher = publisher;
        this.defaults = defaults;
        this.tracking = new ProgressTracker.Context(service, store, progress, runner, metrics);
    }

    /** Queues an ensemble; an unknown generalist or transfer set is refused unless the request waits for it. */
    public Job create(EnsembleRequest request) {
        if (!request.waitForInputs()) {
            if (generalists.get(request.generalistModelId()).isEmpty()) {
                throw new UnknownIdException("generalist model (no ModelReady seen on teacher-models or"
                        + " student-models; set \"waitForInputs\": true to wait for it)", request.generalistModelId());
            }
            if (transferSets.get(request.transferSetId()).isEmpty()) {
                throw new UnknownIdException("transfer set (no manifest seen on transfer-sets; set"
                        + " \"waitForInputs\": true to wait for it)", request.transferSetId());
            }
        }
        return submitNew("e", request.epochs(), request);
    }

    void resume(@Observes StartupEvent startup) {
        resumeUnfinished();
    }

    @Override
    protected void execute(Job job) throws Exception {
        String id = job.id();
        EnsembleRequest request = Json.mapper().treeToValue(job.request(), EnsembleRequest.class);
        Duration timeout = Duration.ofSeconds(defaults.inputTimeoutSeconds());
        TransferSetManifest manifest = transferSets.awaitComplete(request.transferSetId(), timeout,
                () -> runner.isCancelRequested(id));
        ModelReady generalist = awaitGeneralist(id, request.generalistModelId(), timeout);
        ModelMetadata ensemble;
        if (models.exists(id)) {
            ensemble = models.metadata(id).orElseThrow();
        } else {
            var generalistDir = generalists.artifact(generalist);
            SoftTargetReader.TransferSet set = reader.read(manifest, timeout, () -> runner.isCancelRequested(id));
            ensemble = training.build(id, request, manifest, generalist, generalistDir, set, tracking);
        }
        publisher.publish(new EnsembleReady(id, generalist.modelId(), manifest.transferSetId(), ensemble.dataset(),
                EnsembleArtifact.subsets(ensemble).stream().map(s -> s.members()).toList(), request.topN(),
                ensemble.metrics(), models.artifactUri(id), ensemble.sha256(), request.plan(), ensemble.createdAt()))
                .toCompletableFuture().get(60, TimeUnit.SECONDS);
        complete(id, ensemble.metrics(), List.of(id));
        tracking.metrics().testErrors(((Number) ensemble.metrics().get("ensembleTestErrors")).intValue());
    }

    /** The generalist's announcement, waiting for it when the request allowed an unknown one. */
    private ModelReady awaitGeneralist(String jobId, String modelId, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            Optional<ModelReady> model = generalists.get(modelId);
            if (model.isPresent()) {
                return model.get();
            }
            if (runner.isCancelRequested(jobId)) {
                throw new TrainingCancelledException("Job " + jobId + " was cancelled while waiting for " + modelId);
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("Generalist " + modelId + " was not announced within "
                        + timeout.toSeconds() + " s");
            }
            Thread.sleep(500);
        }
    }
}
