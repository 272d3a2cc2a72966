package io.distill.teacher.jobs;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import io.distill.contract.events.ModelReady;
import io.distill.contract.events.ModelReadyBuilder;
import io.distill.contract.jobs.FieldException;
import io.distill.contract.jobs.Job;
import io.distill.contract.jobs.JobState;
import io.distill.contract.metrics.TeacherMetrics;
import io.distill.contract.requests.Architecture;
import io.distill.contract.requests.EnsembleRequest;
import io.distill.contract.requests.Plan;
import io.distill.contract.requests.PlannedTransferSet;
import io.distill.contract.requests.RequestSize;
import io.distill.contract.requests.TeacherRequest;
import io.distill.core.artifact.ModelMetadata;
import io.distill.core.data.Datasets;
import io.distill.core.limits.JobMemory;
import io.distill.server.datasets.DataSets;
import io.distill.server.jobs.JobControl;
import io.distill.server.jobs.JobKind;
import io.distill.server.limits.Admission;
import io.distill.server.models.ModelStore;
import io.distill.server.problems.ConflictException;
import io.distill.teacher.messaging.ModelPublisher;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Teacher jobs. A single teacher trains in its job. An ensemble fans out: each member is a child job
 * {@code <jobId>-<member>} that any replica may train, and the parent scores the ensemble once
 * every member has succeeded. Each member is announced on Kafka as soon as it is trained.
 */
@Singleton
public class TeacherJobs extends JobControl {

    /** A teacher, or a teacher ensemble, for {@code POST /teachers}. */
    public static final JobKind<TeacherRequest> TEACHER = JobKind.of("teacher", TeacherRequest.class);
    /** One member of a teacher ensemble, a child job of the ensemble's. */
    public static final JobKind<MemberRequest> MEMBER = JobKind.of("teacher-member", MemberRequest.class);

    /**
     * What a member's child job carries: its ensemble's request, shown as it is, and which member it is
     * ({@code "member"} beside the request's fields).
     */
    public record MemberRequest(@JsonUnwrapped TeacherRequest teacher, int member) {}

    private final DataSets dataSets;
    private final ModelStore models;
    private final TeacherTraining training;
    private final EnsembleScoring scoring;
    private final ModelPublisher modelPublisher;
    private final Admission admission;

    public TeacherJobs(JobControl.Context context, DataSets dataSets, ModelStore models, TeacherTraining training,
            EnsembleScoring scoring, ModelPublisher modelPublisher, Admission admission) {
        super(context, "teacher job");
        this.dataSets = dataSets;
        this.models = models;
        this.training = training;
        this.scoring = scoring;
        this.modelPublisher = modelPublisher;
        this.admission = admission;
        handle(TEACHER, this::teach);
        handle(MEMBER, this::trainMember);
    }

    /**
     * Checks the data the request names, its size, and that this replica can hold each member's
     * training (the members are jobs of their own, any replica's) and the ensemble's scoring; then
     * stores it as a queued job, with the registered set's id in place of a name, and queues it.
     */
    public Job create(TeacherRequest sent) {
        DataSets.Resolved set = dataSets.require("dataset", sent.dataset());
        // The job records the set itself: a name may later name a newer registration.
        TeacherRequest request = sent.withDataset(set.key());
        set.requireImagesFor("jitter", request.jitter());
        int limit = request.trainLimit().orElse(0);
        if (limit > set.trainExamples()) {
            throw new FieldException("trainLimit", "is " + limit + ", but the training split of "
                    + sent.dataset() + " has only " + set.trainExamples() + " examples");
        }
        RequestSize.require(request, request.planOrNull());
        checkPlan(request.planOrNull(), set);
        request.architectureProblems(set.shape()).stream().findFirst().ifPresent(p -> {
            throw new FieldException(p.field(), p.message());
        });
        Architecture net = request.architecture(set.shape(), set.classes());
        request.maxNormsProblems(net.hidden().size()).stream().findFirst().ifPresent(p -> {
            throw new FieldException(p.field(), p.message());
        });
        admission.require(JobMemory.teacherMember(request, net));
        if (request.ensembleSize() > 1) {
            admission.require(JobMemory.teacherEnsemble(request, net));
        }
        return submitNew("t", TEACHER, request.epochs(), request);
    }

    /**
     * A job that trains nothing: it announces the models of succeeded teacher job {@code sent.reuse()} again,
     * as its own, with {@code sent.plan()}, so that plan's students run on a teacher trained before. It records
     * the reused job's settings with its own plan, and the plan is checked as a new teacher's is.
     */
    public Job reuse(TeacherRequest sent) {
        Job source = find(sent.reuse()).filter(TEACHER::is).orElseThrow(() -> new FieldException("reuse",
                "is " + sent.reuse() + ", which is no teacher job of this service (GET /teachers lists them)"));
        if (source.state() != JobState.SUCCEEDED) {
            throw new ConflictException("reuse", "Teacher job " + source.id() + " is " + source.state()
                    + ": its models can be reused once it has succeeded");
        }
        TeacherRequest request = TEACHER.request(source).withPlan(sent.plan()).withReuse(source.id());
        RequestSize.require(request, request.planOrNull());
        checkPlan(request.planOrNull(), dataSets.require("dataset", request.dataset()));
        return submitNew("t", TEACHER, source.epochs(), request);
    }

    /**
     * Checks each transfer set of {@code plan} against its data set (the teacher's, {@code teacherSet},
     * unless it names its own): its class filter, its jitter, and each of its ensembles' class counts.
     */
    private void checkPlan(Plan plan, DataSets.Resolved teacherSet) {
        if (plan == null) {
            return;
        }
        for (int i = 0; i < plan.transferSets().size(); i++) {
            PlannedTransferSet entry = plan.transferSets().get(i);
            String at = "plan.transferSets[" + i + "].";
            DataSets.Resolved set = entry.dataset() == null ? teacherSet
                    : dataSets.require(at + "dataset", entry.dataset());
            set.classFilter(at, entry.omitClasses(), entry.onlyClasses());
            set.requireImagesFor(at + "jitter", entry.copies() != null && entry.copies() > 1 && entry.jitter() != null
                    ? entry.jitter() : 0);
            List<EnsembleRequest> ensembles = entry.ensembles() == null ? List.of() : entry.ensembles();
            for (int e = 0; e < ensembles.size(); e++) {
                set.checkEnsemble(at + "ensembles[" + e + "].", ensembles.get(e));
            }
        }
    }

    /** A member's child job: that member, trained and announced. */
    private void trainMember(Job job, MemberRequest request) throws Exception {
        Datasets.Splits data = dataSets.get(request.teacher().dataset());
        ModelMetadata trained = member(job.parentId(), request.member(), request.teacher(), data, job.id());
        complete(job.id(), trained.metrics(), List.of(trained.modelId()));
    }

    /** A teacher job: its one member trained here, or its members' child jobs; then the ensemble scored. */
    private void teach(Job job, TeacherRequest request) throws Exception {
        if (request.reuse() != null) {
            announceAgain(job, request);
            return;
        }
        Datasets.Splits data = dataSets.get(request.dataset());
        List<ModelMetadata> members = new ArrayList<>();
        if (request.ensembleSize() == 1) {
            members.add(member(job.id(), 0, request, data, job.id()));
        } else {
            List<Job> children = new ArrayList<>();
            for (int m = 0; m < request.ensembleSize(); m++) {
                children.add(MEMBER.childOf(job, job.id() + "-" + m, request.epochs(), new MemberRequest(request, m)));
            }
            for (Job child : fanOut(job, children)) {
                members.add(models.metadata(child.modelIds().get(0)).orElseThrow());
            }
        }
        TeacherMetrics scores = scoring.jobMetrics(members, data);
        complete(job.id(), scores, members.stream().map(ModelMetadata::modelId).toList());
        metrics.testErrors(scores.testErrors());
    }

    /**
     * A reusing job: each model of the reused job copied as member {@code <jobId>-<m>} of this one (kept if it
     * was, before a restart) and announced with this job's plan; then the reused job's metrics, which are
     * these models'. The copies keep the weights and their checksum.
     */
    private void announceAgain(Job job, TeacherRequest request) throws Exception {
        Job source = get(request.reuse());
        List<String> modelIds = new ArrayList<>();
        for (int m = 0; m < source.modelIds().size(); m++) {
            String modelId = job.id() + "-" + m;
            Optional<ModelMetadata> earlier = models.metadata(modelId);
            ModelMetadata copy = earlier.isPresent() ? earlier.get()
                    : models.copy(source.modelIds().get(m), modelId, job.id());
            announce(job.id(), m, request, copy);
            modelIds.add(modelId);
        }
        complete(job.id(), source.metrics(), modelIds);
    }

    /** Member {@code member} of ensemble job {@code ensembleId}, trained and announced, or kept if it was. */
    private ModelMetadata member(String ensembleId, int member, TeacherRequest request, Datasets.Splits data,
            String jobId) throws Exception {
        String modelId = ensembleId + "-" + member;
        Optional<ModelMetadata> earlier = models.metadata(modelId);
        if (earlier.isPresent()) {
            // Trained and announced before a restart: kept, not trained again.
            return earlier.get();
        }
        ModelMetadata trained = training.train(ensembleId, member, modelId, request, data,
                tracker(jobId));
        return announce(ensembleId, member, request, trained);
    }

    /** Publishes a member's ModelReady and waits until the broker has it. */
    private ModelMetadata announce(String jobId, int index, TeacherRequest request, ModelMetadata member)
            throws Exception {
        ModelReady event = ModelReadyBuilder.builder().modelId(member.modelId()).kind("teacher").jobId(jobId)
                .ensembleId(jobId).member(index).ensembleSize(request.ensembleSize()).dataset(request.dataset())
                .architecture(member.architecture()).metrics(member.metrics())
                .artifactUri(models.artifactUri(member.modelId())).sha256(member.sha256())
                .plan(request.planOrNull()).createdAt(member.createdAt()).build();
        modelPublisher.publish(event).toCompletableFuture().get(60, TimeUnit.SECONDS);
        return member;
    }
}
