package io.distill.specialist.service;

import io.distill.core.artifact.ModelMetadata;
import io.distill.core.data.Datasets;
import io.distill.core.events.EnsembleReady;
import io.distill.core.events.Json;
import io.distill.core.events.ModelReady;
import io.distill.core.events.TransferSetManifest;
import io.distill.core.jobs.Job;
import io.distill.core.metrics.EnsembleMetrics;
import io.distill.core.metrics.SpecialistMetrics;
import io.distill.core.requests.EnsembleRequest;
import io.distill.core.specialist.ClassSubset;
import io.distill.core.specialist.TrainedSpecialist;
import io.distill.core.train.TrainingCancelledException;
import io.distill.service.jobs.JobService;
import io.distill.service.models.ModelStore;
import io.distill.service.rest.UnknownIdException;
import io.distill.service.transfer.SoftTargetReader;
import io.distill.service.transfer.TransferSetRegistry;
import io.distill.specialist.config.SpecialistDefaults;
import io.distill.specialist.messaging.EnsemblePublisher;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Ensemble jobs. The ensemble job waits for its transfer set and generalist, reads the set, plans the
 * specialists and fans out: each specialist is a child job {@code <id>-sp<i>} that any replica may
 * train. Once all have succeeded, the ensemble job combines them, scores the ensemble and announces
 * it on {@code specialist-ensembles}. Finished specialists are kept across restarts and takeovers.
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

    public EnsembleJobs(JobService.Context context, TransferSetRegistry transferSets,
            GeneralistRegistry generalists, SoftTargetReader reader, EnsembleTraining training, ModelStore models,
            EnsemblePublisher publisher, SpecialistDefaults defaults) {
        super(context, "ensemble job");
        this.transferSets = transferSets;
        this.generalists = generalists;
        this.reader = reader;
        this.training = training;
        this.models = models;
        this.publisher = publisher;
        this.defaults = defaults;
    }

    /** What a specialist's child job carries: its ensemble's request, and which specialist it is. */
    public record SpecialistRequest(EnsembleRequest ensemble, int index, List<Integer> classes) {}

    /** Queues an ensemble; an unknown generalist or transfer set is refused unless the request waits for it. */
    public Job create(EnsembleRequest request) {
        if (!request.waitForInputs()) {
            if (generalists.find(request.generalistModelId()).isEmpty()) {
                throw new UnknownIdException("generalist model (no ModelReady seen on teacher-models or"
                        + " student-models; set \"waitForInputs\": true to wait for it)", request.generalistModelId());
            }
            if (transferSets.find(request.transferSetId()).isEmpty()) {
                throw new UnknownIdException("transfer set (no manifest seen on transfer-sets; set"
                        + " \"waitForInputs\": true to wait for it)", request.transferSetId());
            }
        }
        return submitNew("e", request.epochs(), request);
    }

    /** Queues the ensemble that entry {@code id} of a manifest's plan asks for, once. */
    public Job createFromPlan(String id, EnsembleRequest request) {
        return createOnce(Job.queued(id, request.epochs(), Json.mapper().valueToTree(request)));
    }

    @Override
    protected void execute(Job job) throws Exception {
        if (job.parentId() != null) {
            trainSpecialist(job);
            return;
        }
        String id = job.id();
        EnsembleRequest request = Json.mapper().treeToValue(job.request(), EnsembleRequest.class);
        Duration timeout = Duration.ofSeconds(defaults.inputTimeoutSeconds());
        TransferSetManifest manifest = transferSets.awaitComplete(request.transferSetId(), timeout,
                () -> runner.isCancelRequested(id));
        ModelReady generalist = awaitGeneralist(id, request.generalistModelId(), timeout);
        ModelMetadata ensemble = models.metadata(id).orElse(null);
        if (ensemble == null) {
            EnsembleTraining.Plan plan = training.storedPlan(id).orElse(null);
            if (plan == null) {
                SoftTargetReader.TransferSet set = reader.read(manifest, timeout, () -> runner.isCancelRequested(id));
                plan = training.plan(id, request, set);
            }
            List<Job> children = new ArrayList<>();
            for (int i = 0; i < plan.subsets().size(); i++) {
                SpecialistRequest child = new SpecialistRequest(request.withoutPlan(), i, plan.subsets().get(i));
                children.add(Job.queued(id + "-sp" + i, request.epochs(), Json.mapper().valueToTree(child), id));
            }
            List<TrainedSpecialist> trained = new ArrayList<>();
            for (Job child : fanOut(job, children)) {
                trained.add(child.metrics(SpecialistMetrics.class).orElseThrow(() -> new IllegalStateException(
                        "Specialist job " + child.id() + " succeeded without metrics.")).specialist());
            }
            ensemble = training.combine(id, request, manifest, generalist, generalists.artifact(generalist), plan,
                    trained);
        }
        EnsembleMetrics scores = ensemble.metrics().as(EnsembleMetrics.class);
        publisher.publish(new EnsembleReady(id, generalist.modelId(), manifest.transferSetId(), ensemble.dataset(),
                EnsembleArtifact.subsets(ensemble).stream().map(s -> s.members()).toList(), request.topN(),
                scores, models.artifactUri(id), ensemble.sha256(), request.planOrNull(), ensemble.createdAt()))
                .toCompletableFuture().get(60, TimeUnit.SECONDS);
        complete(id, scores, List.of(id));
        metrics.testErrors(scores.ensembleTestErrors());
    }

    /** A child job: one specialist, trained from the generalist on the ensemble's transfer set. */
    private void trainSpecialist(Job job) throws Exception {
        SpecialistRequest child = Json.mapper().treeToValue(job.request(), SpecialistRequest.class);
        EnsembleRequest request = child.ensemble();
        Duration timeout = Duration.ofSeconds(defaults.inputTimeoutSeconds());
        TransferSetManifest manifest = transferSets.awaitComplete(request.transferSetId(), timeout,
                () -> runner.isCancelRequested(job.id()));
        ModelReady generalist = awaitGeneralist(job.id(), request.generalistModelId(), timeout);
        SoftTargetReader.TransferSet set = reader.read(manifest, timeout, () -> runner.isCancelRequested(job.id()));
        TrainedSpecialist trained = training.specialist(job.parentId(), child.index(),
                new ClassSubset(child.classes(), Datasets.CLASSES), request,
                generalists.artifact(generalist), set, List.of(tracker(job.id())));
        complete(job.id(), new SpecialistMetrics(trained), List.of());
    }

    /** The generalist's announcement, waiting for it when the request allowed an unknown one. */
    private ModelReady awaitGeneralist(String jobId, String modelId, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            // The consumer records announcements as they come: polling the database is enough here.
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
