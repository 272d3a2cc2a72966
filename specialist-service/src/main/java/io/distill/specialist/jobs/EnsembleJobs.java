package io.distill.specialist.jobs;

import io.distill.contract.events.EnsembleReadyBuilder;
import io.distill.contract.events.ModelReady;
import io.distill.contract.events.TransferSetManifest;
import io.distill.contract.jobs.Job;
import io.distill.contract.jobs.JobCancelledException;
import io.distill.contract.metrics.ControlMetrics;
import io.distill.contract.metrics.EnsembleMetrics;
import io.distill.contract.metrics.SpecialistMetrics;
import io.distill.contract.metrics.TrainedControl;
import io.distill.contract.metrics.TrainedSpecialist;
import io.distill.contract.requests.EnsembleRequest;
import io.distill.core.artifact.ModelMetadata;
import io.distill.core.specialist.ClassSubset;
import io.distill.core.specialist.ControlLength;
import io.distill.server.jobs.JobControl;
import io.distill.server.jobs.JobKind;
import io.distill.server.models.ModelStore;
import io.distill.server.problems.UnknownIdException;
import io.distill.server.transfer.SoftTargetReader;
import io.distill.server.transfer.TransferSetLoader;
import io.distill.server.transfer.TransferSetRegistry;
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
public class EnsembleJobs extends JobControl {

    /** A specialist ensemble, for {@code POST /ensembles} or a transfer set's plan. */
    public static final JobKind<EnsembleRequest> ENSEMBLE = JobKind.of("ensemble", EnsembleRequest.class);
    /** One specialist of an ensemble, a child job of the ensemble's. */
    public static final JobKind<SpecialistRequest> SPECIALIST = JobKind.of("specialist", SpecialistRequest.class);
    /** An ensemble's control, a child job of the ensemble's. */
    public static final JobKind<ControlRequest> CONTROL = JobKind.of("control", ControlRequest.class);

    private final TransferSetRegistry transferSets;
    private final GeneralistRegistry generalists;
    private final TransferSetLoader loader;
    private final EnsembleTraining training;
    private final ControlTraining controls;
    private final ModelStore models;
    private final EnsemblePublisher publisher;
    private final SpecialistDefaults defaults;
    private final EnsembleAdmission admission;

    public EnsembleJobs(JobControl.Context context, TransferSetRegistry transferSets,
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
        handle(ENSEMBLE, this::assemble);
        handle(SPECIALIST, this::trainSpecialist);
        handle(CONTROL, this::trainControl);
    }

    /** What a specialist's child job carries: its ensemble's request, and which specialist it is. */
    public record SpecialistRequest(EnsembleRequest ensemble, int index, List<Integer> classes) {}

    /** What the control's child job carries: its ensemble's request, and how long it trains. */
    public record ControlRequest(EnsembleRequest ensemble, ControlLength length) {}

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
        return submitNew("e", ENSEMBLE, request.epochs(), request);
    }

    /** Queues the ensemble that entry {@code id} of a manifest's plan asks for, once. */
    public Job createFromPlan(String id, EnsembleRequest request) {
        admission.admit(request);
        return createOnce(ENSEMBLE.queued(id, request.epochs(), request));
    }

    /** An ensemble job: its inputs awaited, its children trained, then the ensemble combined and announced. */
    private void assemble(Job job, EnsembleRequest request) throws Exception {
        String id = job.id();
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
                children.add(SPECIALIST.childOf(job, id + "-sp" + i, request.epochs(), child));
            }
            if (request.trainsControl()) {
                ControlRequest control = new ControlRequest(request.withoutPlan(), plan.controlLength(request));
                children.add(CONTROL.childOf(job, id + "-control", control.length().epochs(), control));
            }
            List<TrainedSpecialist> trained = new ArrayList<>();
            TrainedControl control = null;
            for (Job child : fanOut(job, children)) {
                if (CONTROL.is(child)) {
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
        publisher.publish(EnsembleReadyBuilder.builder().ensembleId(id).generalistModelId(generalist.modelId())
                .transferSetId(manifest.transferSetId()).dataset(ensemble.dataset())
                .subsets(EnsembleArtifact.subsets(ensemble).stream().map(s -> s.members()).toList())
                .topN(request.topN()).metrics(scores).artifactUri(models.artifactUri(id)).sha256(ensemble.sha256())
                .plan(request.planOrNull()).createdAt(ensemble.createdAt()).build())
                .toCompletableFuture().get(60, TimeUnit.SECONDS);
        complete(id, scores, List.of(id));
        metrics.testErrors(scores.ensembleTestErrors());
    }

    /** A child job: one specialist, trained from the generalist on the ensemble's transfer set. */
    private void trainSpecialist(Job job, SpecialistRequest child) throws Exception {
        ChildInputs inputs = childInputs(job, child.ensemble());
        TrainedSpecialist trained = training.specialist(job.parentId(), child.index(),
                new ClassSubset(child.classes(), inputs.set().images().classes()), child.ensemble(),
                inputs.generalistDir(),
                inputs.set(), List.of(tracker(job.id())));
        complete(job.id(), new SpecialistMetrics(trained), List.of());
    }

    /** A child job: the control, trained from the generalist on the whole transfer set. */
    private void trainControl(Job job, ControlRequest child) throws Exception {
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
