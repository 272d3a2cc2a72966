package io.distill.student;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.Model;
import io.distill.core.data.ClassFilter;
import io.distill.core.events.TransferSetManifest;
import io.distill.core.model.Models;
import io.distill.core.train.TrainConfig;
import io.distill.service.config.DistillConfig;
import io.distill.service.jobs.JobRunner;
import io.distill.service.jobs.JobStore;
import io.distill.service.models.ModelStore;
import io.distill.service.objects.CheckpointStore;
import io.distill.service.runtime.DataSets;
import io.distill.service.runtime.EngineRuntime;
import io.distill.service.transfer.SoftTargetReader;
import io.distill.student.rest.StudentRequest;
import io.distill.student.service.StudentTraining;
import io.distill.testkit.JobWaits;
import io.distill.testkit.KafkaBroker;
import io.distill.testkit.ObjectStore;
import io.distill.testkit.Postgres;
import io.distill.testkit.ResumeFixture;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A distilled student that a dead replica left RUNNING, with the checkpoint of its first epoch in
 * the object store, resumes at the next epoch on this replica and ends with the very model that the
 * same job trains uninterrupted.
 *
 * <p>The dead replica's epoch is real training on the transfer set as this service reads it, so its
 * checkpoint is far from a fresh initialisation: a resume that ignored it, or lost the momentum,
 * would end elsewhere. The models are compared by the SHA-256 of their parameters, bit for bit:
 * training is reproducible under a fixed seed here (see {@code TrainingResumeTest} in distill-core),
 * as long as no other run shares the engine's random generator, which is why this test has an
 * application of its own.
 */
@QuarkusTest
@TestProfile(ResumeTest.OwnApplication.class)
@WithTestResource(value = KafkaBroker.class, scope = TestResourceScope.MATCHING_RESOURCES)
@WithTestResource(value = Postgres.class, scope = TestResourceScope.MATCHING_RESOURCES)
@WithTestResource(value = ObjectStore.class, scope = TestResourceScope.MATCHING_RESOURCES)
class ResumeTest {

    private static final String JOB_ID = "s-halfdone";
    private static final String UNINTERRUPTED = "s-straight";
    private static final String TRANSFER_SET = "fx-resume";
    private static final int EPOCHS = 3;
    private static final int CHECKPOINT_EPOCH = 1;

    /** The small students' settings, in an application no other test class shares. */
    public static class OwnApplication extends SmallStudentProfile {}

    @Inject
    JobStore store;
    @Inject
    JobRunner runner;
    @Inject
    CheckpointStore checkpoints;
    @Inject
    EngineRuntime runtime;
    @Inject
    DataSets dataSets;
    @Inject
    SoftTargetReader reader;
    @Inject
    ModelStore models;
    @Inject
    DistillConfig config;

    @Test
    void aStudentLeftRunningByADeadReplicaResumesAtTheNextEpochAndEndsWithTheUninterruptedRunsModel()
            throws Exception {
        StudentRequest request = new StudentRequest(TRANSFER_SET, List.of(64), StudentRequest.DISTILL, 20, 0.9, 0.1,
                0, 0, EPOCHS, 50, "sgd", 0.03, 0.9, 1, 5.0, 1, "none", true, null);
        TrainConfig trainConfig = request.trainConfig();
        TransferSetManifest manifest = TransferSetFixture.publish(TRANSFER_SET, ClassFilter.ALL, 500, List.of(),
                null);
        SoftTargetReader.TransferSet set = reader.read(manifest, Duration.ofSeconds(60), () -> false);
        ResumeFixture fixture = new ResumeFixture(store, runner, checkpoints, config);
        try (Model model = Models.create(JOB_ID, request.architecture(), runtime.engine(), runtime.device(),
                trainConfig.seed())) {
            fixture.trainOnDeadReplica(JOB_ID, CHECKPOINT_EPOCH, model, StudentTraining.batches(set, request,
                    trainConfig), dataSets.get("mnist").validation(), trainConfig, request.loss());
        }

        fixture.resumeJobLeftRunning(JOB_ID, request, CHECKPOINT_EPOCH, EPOCHS);
        JsonPath resumed = JobWaits.awaitSuccess("/students/" + JOB_ID, Duration.ofMinutes(4));
        fixture.queueUninterrupted(UNINTERRUPTED, request, EPOCHS);
        JsonPath uninterrupted = JobWaits.awaitSuccess("/students/" + UNINTERRUPTED, Duration.ofMinutes(4));

        assertThat(resumed.getInt("attempts")).isEqualTo(2);
        assertThat(resumed.getInt("metrics.lastEpoch")).isEqualTo(EPOCHS);
        assertThat(resumed.getInt("metrics.epochsRun")).isEqualTo(EPOCHS - CHECKPOINT_EPOCH);
        assertThat(resumed.getInt("metrics.trainExamples")).isEqualTo(500);
        assertThat(uninterrupted.getInt("metrics.epochsRun")).isEqualTo(EPOCHS);
        assertThat(ResumeFixture.epochsEnded("student-service", JOB_ID)).containsExactly(2, 3);
        assertThat(models.metadata(JOB_ID).orElseThrow().sha256()).as("the resumed model's parameters")
                .isEqualTo(models.metadata(UNINTERRUPTED).orElseThrow().sha256());
        assertThat(resumed.getInt("metrics.testErrors")).isEqualTo(uninterrupted.getInt("metrics.testErrors"));
    }
}
