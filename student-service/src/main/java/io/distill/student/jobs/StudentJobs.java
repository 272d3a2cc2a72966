package io.distill.student.jobs;

import io.distill.contract.events.ModelReadyBuilder;
import io.distill.contract.events.TransferSetManifest;
import io.distill.contract.jobs.FieldException;
import io.distill.contract.jobs.Job;
import io.distill.contract.requests.RequestSize;
import io.distill.contract.requests.StudentRequest;
import io.distill.core.artifact.ModelMetadata;
import io.distill.core.limits.JobMemory;
import io.distill.server.datasets.DataSets;
import io.distill.server.jobs.JobControl;
import io.distill.server.jobs.JobKind;
import io.distill.server.limits.Admission;
import io.distill.server.models.ModelStore;
import io.distill.server.problems.UnknownIdException;
import io.distill.server.transfer.TransferSetLoader;
import io.distill.server.transfer.TransferSetRegistry;
import io.distill.student.config.StudentDefaults;
import io.distill.student.messaging.StudentModelPublisher;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Student jobs: each waits for its transfer set to be complete, reads it from the stream, trains,
 * and announces the student on {@code student-models}.
 */
@Singleton
public class StudentJobs extends JobControl {

    /** A student, for {@code POST /students} or a transfer set's plan. */
    public static final JobKind<StudentRequest> STUDENT = JobKind.of("student", StudentRequest.class);

    private final TransferSetRegistry transferSets;
    private final TransferSetLoader loader;
    private final StudentTraining training;
    private final ModelStore models;
    private final StudentModelPublisher publisher;
    private final StudentDefaults defaults;
    private final Admission admission;
    private final DataSets dataSets;

    public StudentJobs(JobControl.Context context, TransferSetRegistry transferSets,
            TransferSetLoader loader, StudentTraining training, ModelStore models, StudentModelPublisher publisher,
            StudentDefaults defaults, Admission admission, DataSets dataSets) {
        super(context, "student job");
        this.transferSets = transferSets;
        this.loader = loader;
        this.training = training;
        this.models = models;
        this.publisher = publisher;
        this.defaults = defaults;
        this.admission = admission;
        this.dataSets = dataSets;
        handle(STUDENT, this::train);
    }

    /**
     * Queues a student that this replica can hold; an unknown transfer set is refused unless the
     * request says to wait for it (its size is then checked once it is known, before it is read).
     */
    public Job create(StudentRequest request) {
        // A student that waits for its set does not wait for the topic's catch-up either.
        Optional<TransferSetManifest> set = request.waitForTransferSet() ? transferSets.get(request.transferSetId())
                : transferSets.find(request.transferSetId());
        if (!request.waitForTransferSet() && set.isEmpty()) {
            throw new UnknownIdException("transfer set (no manifest seen on transfer-sets; set \"waitForTransferSet\": true to"
                    + " wait for it)", request.transferSetId());
        }
        admit(request, set);
        return submitNew("s", STUDENT, request.epochs(), request);
    }

    /** Queues the student that entry {@code id} of a manifest's plan asks for, once. */
    public Job createFromPlan(String id, StudentRequest request) {
        // The manifest that carries the plan is remembered before its plan starts: no catch-up needed.
        admit(request, transferSets.get(request.transferSetId()));
        return createOnce(STUDENT.queued(id, request.epochs(), request));
    }

    /**
     * Refuses a request too long to record, a net that does not fit its set's data, or a student too large
     * for this replica. While the set is unknown, the net is checked and sized as over MNIST, and again once
     * the set is known, before it is read.
     */
    private void admit(StudentRequest request, Optional<TransferSetManifest> set) {
        RequestSize.require(request, request.planOrNull());
        DataSets.Resolved data = set.map(m -> dataSets.require("transferSetId", m.filters().dataset()))
                .orElse(DataSets.MNIST);
        request.architectureProblems(data.shape()).stream().findFirst().ifPresent(p -> {
            throw new FieldException(p.field(), p.message());
        });
        admission.require(JobMemory.student(request, request.architecture(data.shape(), data.classes()),
                set.map(TransferSetManifest::count).orElse(0L), data.type().bytes()));
    }

    /** A student job: its transfer set awaited and read, the student trained and announced. */
    private void train(Job job, StudentRequest request) throws Exception {
        String id = job.id();
        TransferSetManifest manifest = transferSets.awaitComplete(request.transferSetId(),
                Duration.ofSeconds(defaults.transferSetTimeoutSeconds()), () -> runner.shouldStop(id));
        // A student trained and published before a takeover is kept, not trained again.
        ModelMetadata student = models.metadata(id).orElse(null);
        if (student == null) {
            // A set unknown when the student was queued is first measured now, before it is read.
            admit(request, Optional.of(manifest));
            // An expired set is streamed again first; the student trains on the generation it read.
            TransferSetLoader.Loaded loaded = loader.load(manifest,
                    Duration.ofSeconds(defaults.transferSetTimeoutSeconds()), () -> runner.shouldStop(id));
            student = training.train(id, request, loaded.manifest(), loaded.set(), tracker(id));
            publisher.publish(ModelReadyBuilder.builder().modelId(id).kind("student").jobId(id).member(0)
                    .ensembleSize(1).dataset(student.dataset()).architecture(student.architecture())
                    .metrics(student.metrics()).artifactUri(models.artifactUri(id)).sha256(student.sha256())
                    .plan(request.planOrNull()).createdAt(student.createdAt()).build())
                    .toCompletableFuture().get(60, TimeUnit.SECONDS);
        }
        complete(id, student.metrics(), List.of(id));
        metrics.testErrors(student.metrics().testErrors());
    }
}
