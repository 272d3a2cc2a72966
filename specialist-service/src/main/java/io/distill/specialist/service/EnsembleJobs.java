package io.distill.specialist.service;

import io.distill.contract.events.EnsembleReady;
import io.distill.contract.events.ModelReady;
import io.distill.contract.events.TransferSetManifest;
import io.distill.contract.jobs.Job;
import io.distill.contract.jobs.JobCancelledException;
import io.distill.contract.json.Json;
import io.distill.contract.metrics.ControlMetrics;
import io.distill.contract.metrics.EnsembleMetrics;
import io.distill.contract.metrics.SpecialistMetrics;
import io.distill.contract.metrics.TrainedControl;
import io.distill.contract.metrics.TrainedSpecialist;
import io.distill.contract.requests.DatasetNames;
import io.distill.contract.requests.EnsembleRequest;
import io.distill.core.artifact.ModelMetadata;
import io.distill.core.specialist.ClassSubset;
import io.distill.core.specialist.ControlLength;
import io.distill.service.jobs.JobService;
import io.distill.service.models.ModelStore;
import io.distill.service.problems.UnknownIdException;
import io.distill.service.transfer.SoftTargetReader;
import io.distill.service.transfer.TransferSetLoader;
import io.distill.service.transfer.TransferSetRegistry;
import io.distill.specialist.config.SpecialistDefaults;
import io.distill.specialist.messaging.EnsemblePublisher;
import jakarta.inject.Singleton;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Ensemble jobs. The ensemble job waits for its transfer set and generalist, reads the set, plans the
 * specialists and fans out: each specialist is a child job {@code <id>-sp<i>}, and the control, when
 * asked for, a child job {@code <id>-control}, that any replica may train. Once all have succeeded,
 * the ensemble job combines them, scores the ensemble beside the control and announces it on
 * {@code specialist-ensembles}. Finished children are kept across restarts and takeovers.
 */
@Singleton
public class EnsembleJobs extends JobService {

    private final TransferSetRegistry transferSets;
    private final GeneralistRegistry generalists;
    private final TransferSetLoader loader;
    private final EnsembleTraining training;
    private final ControlTraining controls;
    private final ModelStore models;
    private final EnsemblePublisher publisher;
    private final SpecialistDefaults defaults;
    private final EnsembleAdmission admission;

    public EnsembleJobs(JobService.Context context, TransferSetRegistry transferSets,
            GeneralistRegistry generalists, TransferSetLoader loader, EnsembleTraining training,
            ControlTraining controls, ModelStore models, EnsemblePublisher publisher, SpecialistDefaults defaults,
            EnsembleAdmission admission) {
        super(context, "ensemble job");
        this.transferSets = transferSets;
        this.generalists = generalists;
        this.loader = loader;
        this.training = training;
        this.controls = controls;
        this.models = models;
        this.publisher = publisher;
        this.defaults = defaults;
        this.admission = admission;
    }

    /** What a specialist's child job carries: its ensemble's request, and which specialist it is. */
    public record SpecialistRequest(EnsembleRequest ensemble, int index, List<Integer> classes) {}

    /** What the control's child job carries: its ensemble's request, and how long it trains. */
    public record ControlRequest(EnsembleRequest ensemble, ControlLength length) {}

    /** The id of ensemble {@code id}'s control job. */
    public static String controlId(String id) {
        return id + "-control";
    }

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
        admission.admit(request);
        return submitNew("e", request.epochs(), request);
    }

    /** Queues the ensemble that entry {@code id} of a manifest's plan asks for, once. */
    public Job createFromPlan(String id, EnsembleRequest request) {
        admission.admit(request);
        return createOnce(Job.queued(id, request.epochs(), Json.mapper().valueToTree(request)));
    }

    @Override
    protected void execute(Job job) throws Exception {
        if (job.parentId() != null) {
            if (job.id().equals(controlId(job.parentId()))) {
                trainControl(job);
            } else {
                trainSpecialist(job);
            }
            return;
        }
        String id = job.id();
        EnsembleRequest request = Json.mapper().treeToValue(job.request(), EnsembleRequest.class);
        Duration timeout = Duration.ofSeconds(defaults.inputTimeoutSeconds());
        TransferSetManifest manifest = transferSets.awaitComplete(request.transferSetId(), timeout,
                () -> runner.shouldStop(id));
        ModelReady generalist = awaitGeneralist(id, request.generalistModelId(), timeout);
        ModelMetadata ensemble = models.metadata(id).orElse(null);
        if (ensemble == null) {
            admission.admit(request, generalist, manifest.count());
            EnsembleTraining.Plan plan = training.storedPlan(id).orElse(null);
            if (plan == null || (request.trainsControl() && plan.mixSizes() == null)) {
                SoftTargetReader.TransferSet set = loader.load(manifest, timeout, () -> runner.shouldStop(id)).set();
                plan = training.plan(id, request, set);
            }
            List<Job> children = new ArrayList<>();
            for (int i = 0; i < plan.subsets().size(); i++) {
                SpecialistRequest child = new SpecialistRequest(request.withoutPlan(), i, plan.subsets().get(i));
                children.add(Job.queued(id + "-sp" + i, request.epochs(), Json.mapper().valueToTree(child), id));
            }
            if (request.trainsControl()) {
                ControlRequest control = new ControlRequest(request.withoutPlan(), plan.controlLength(request));
                children.add(Job.queued(controlId(id), control.length().epochs(), Json.mapper().valueToTree(control),
                        id));
            }
            List<TrainedSpecialist> trained = new ArrayList<>();
            TrainedControl control = null;
            for (Job child : fanOut(job, children)) {
                if (child.id().equals(controlId(id))) {
                    control = child.metrics(ControlMetrics.class).orElseThrow(() -> new IllegalStateException(
                            "Control job " + child.id() + " succeeded without metrics.")).control();
                } else {
                    trained.add(child.metrics(SpecialistMetrics.class).orElseThrow(() -> new IllegalStateException(
                            "Specialist job " + child.id() + " succeeded without metrics.")).specialist());
                }
            }
            ensemble = training.combine(id, request, manifest, generalist, generalists.artifact(generalist), plan,
                    trained, control);
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
        ChildInputs inputs = childInputs(job, child.ensemble());
        TrainedSpecialist trained = training.specialist(job.parentId(), child.index(),
                new ClassSubset(child.classes(), DatasetNames.CLASSES), child.ensemble(), inputs.generalistDir(),
                inputs.set(), List.of(tracker(job.id())));
        complete(job.id(), new SpecialistMetrics(trained), List.of());
    }

    /** A child job: the control, trained from the generalist on the whole transfer set. */
    private void trainControl(Job job) throws Exception {
        ControlRequest child = Json.mapper().treeToValue(job.request(), ControlRequest.class);
        ChildInputs inputs = childInputs(job, child.ensemble());
        TrainedControl trained = controls.control(job.parentId(), child.length(), child.ensemble(),
                inputs.generalistDir(), inputs.set(), List.of(tracker(job.id())));
        complete(job.id(), new ControlMetrics(trained), List.of());
    }

    /** What a child job trains from: the generalist's artifact, and the ensemble's transfer set as read. */
    private record ChildInputs(Path generalistDir, SoftTargetReader.TransferSet set) {}

    private ChildInputs childInputs(Job job, EnsembleRequest request) throws Exception {
        Duration timeout = Duration.ofSeconds(defaults.inputTimeoutSeconds());
        TransferSetManifest manifest = transferSets.awaitComplete(request.transferSetId(), timeout,
                () -> runner.shouldStop(job.id()));
        ModelReady generalist = awaitGeneralist(job.id(), request.generalistModelId(), timeout);
        SoftTargetReader.TransferSet set = loader.load(manifest, timeout, () -> runner.shouldStop(job.id())).set();
        return new ChildInputs(generalists.artifact(generalist), set);
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
            if (runner.shouldStop(jobId)) {
                throw new JobCancelledException("Job " + jobId + " was cancelled while waiting for " + modelId);
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("Generalist " + modelId + " was not announced within "
                        + timeout.toSeconds() + " s");
            }
            Thread.sleep(500);
        }
    }
}
