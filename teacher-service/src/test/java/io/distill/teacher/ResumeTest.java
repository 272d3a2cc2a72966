package io.distill.teacher;

import static org.assertj.core.api.Assertions.assertThat;

import io.distill.contract.datasets.InputShape;
import io.distill.contract.requests.DatasetNames;
import io.distill.contract.requests.Optimizer;
import io.distill.contract.requests.Schedule;
import io.distill.contract.requests.TeacherRequest;
import io.distill.contract.requests.TeacherRequestBuilder;
import io.distill.core.train.DistillationLoss;
import io.distill.core.train.Recipes;
import io.distill.core.train.TrainConfig;
import io.distill.server.datasets.DataSets;
import io.distill.teacher.jobs.TeacherJobs;
import io.distill.teacher.jobs.TeacherTraining;
import io.distill.testkit.KafkaBroker;
import io.distill.testkit.Postgres;
import io.distill.testkit.ResumeFixture;
import io.distill.testkit.S3Server;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * A job that a dead replica left RUNNING, with the checkpoint of its first epoch in the object
 * store, is resumed by this replica when the scheduler fires it again (what Quartz does when a
 * replica stops checking in; the two-process failover benchmark kills one for real), and ends with
 * the very model that the same job trains uninterrupted.
 *
 * <p>The dead replica's epoch is real training, so its checkpoint is far from a fresh
 * initialisation: a resume that ignored it, or lost the momentum, would end elsewhere. The models
 * are compared by the SHA-256 of their parameters, bit for bit: training is reproducible under a
 * fixed seed here (see {@code TrainingResumeTest} in distill-core), as long as no other run shares
 * the engine's random generator, which is why this test has an application of its own.
 */
@QuarkusTest
@TestProfile(ResumeTest.OwnApplication.class)
@WithTestResource(value = KafkaBroker.class, scope = TestResourceScope.MATCHING_RESOURCES)
@WithTestResource(value = Postgres.class, scope = TestResourceScope.MATCHING_RESOURCES)
@WithTestResource(value = S3Server.class, scope = TestResourceScope.MATCHING_RESOURCES)
class ResumeTest {

    private static final String JOB_ID = "t-halfdone";
    private static final String UNINTERRUPTED = "t-straight";

    /** The small teachers' settings, in an application no other test class shares. */
    public static class OwnApplication extends SmallTeacherProfile {}

    @Inject
    DataSets dataSets;

    @Test
    void aJobLeftRunningByADeadReplicaResumesFromItsCheckpointAndEndsWithTheUninterruptedRunsModel()
            throws Exception {
        // Dropout, jitter, max-norm and momentum: every piece of state a resume must carry over.
        TeacherRequest request = TeacherRequestBuilder.builder().dataset("mnist").hidden(List.of(32)).inputDropout(0.2)
                .hiddenDropout(0.5).maxNorm(Optional.of(15.0)).maxNormEvery(4).jitter(2).epochs(ResumeFixture.EPOCHS)
                .batchSize(100).optimizer(Optimizer.SGD).learningRate(0.1).momentum(0.9).finalMomentum(Optional.empty())
                .momentumRampEpochs(0).warmupEpochs(0).schedule(Schedule.COSINE).decay(1.0).weightDecay(0.0)
                .clipGradient(Optional.empty()).patience(Optional.empty()).seed(1L).trainLimit(Optional.of(2_000))
                .ensembleSize(1).plan(Optional.empty()).build();
        TrainConfig trainConfig = Recipes.teacher(request, 0);
        ResumeFixture fixture = ResumeFixture.inThisApplication();
        fixture.trainOnDeadReplica(JOB_ID + "/0", request.architecture(InputShape.MNIST, DatasetNames.CLASSES),
                TeacherTraining.batches(request, trainConfig, dataSets.get(request.dataset())), trainConfig,
                DistillationLoss.hard());

        JsonPath resumed = fixture.assertResumesIntoTheUninterruptedModel("teacher-service", "/teachers", JOB_ID,
                UNINTERRUPTED, TeacherJobs.TEACHER, request, job -> job + "-0", Duration.ofMinutes(2));

        assertThat(resumed.getList("modelIds", String.class)).containsExactly(JOB_ID + "-0");
    }
}
