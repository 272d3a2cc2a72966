package io.distill.student;

import static org.assertj.core.api.Assertions.assertThat;

import io.distill.contract.datasets.InputShape;
import io.distill.contract.events.TransferSetManifest;
import io.distill.contract.requests.BiasAdjust;
import io.distill.contract.requests.ClassFilter;
import io.distill.contract.requests.DatasetNames;
import io.distill.contract.requests.Optimizer;
import io.distill.contract.requests.StudentMode;
import io.distill.contract.requests.StudentRequest;
import io.distill.contract.requests.StudentRequestBuilder;
import io.distill.core.train.Recipes;
import io.distill.core.train.TrainConfig;
import io.distill.server.transfer.SoftTargetReader;
import io.distill.student.jobs.StudentJobs;
import io.distill.student.jobs.StudentTraining;
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
@WithTestResource(value = S3Server.class, scope = TestResourceScope.MATCHING_RESOURCES)
class ResumeTest {

    private static final String JOB_ID = "s-halfdone";
    private static final String UNINTERRUPTED = "s-straight";
    private static final String TRANSFER_SET = "fx-resume";

    /** The small students' settings, in an application no other test class shares. */
    public static class OwnApplication extends SmallStudentProfile {}

    @Inject
    SoftTargetReader reader;

    @Test
    void aStudentLeftRunningByADeadReplicaResumesAtTheNextEpochAndEndsWithTheUninterruptedRunsModel()
            throws Exception {
        StudentRequest request = StudentRequestBuilder.builder().transferSetId(TRANSFER_SET).hidden(List.of(64))
                .mode(StudentMode.DISTILL).temperature(20.0).softWeight(0.9).hardWeight(0.1).inputDropout(0.0)
                .hiddenDropout(0.0).epochs(ResumeFixture.EPOCHS).batchSize(50).optimizer(Optimizer.SGD)
                .learningRate(0.03).momentum(0.9).warmupEpochs(1).clipGradient(Optional.of(5.0)).seed(1L)
                .biasAdjust(BiasAdjust.NONE).waitForTransferSet(true).plan(Optional.empty()).build();
        TrainConfig trainConfig = Recipes.student(request);
        TransferSetManifest manifest = TransferSetFixture.publish(TRANSFER_SET, ClassFilter.ALL, 500, List.of(),
                null);
        SoftTargetReader.TransferSet set = reader.read(manifest, Duration.ofSeconds(60), () -> false);
        ResumeFixture fixture = ResumeFixture.inThisApplication();
        fixture.trainOnDeadReplica(JOB_ID, request.architecture(InputShape.MNIST, DatasetNames.CLASSES),
                StudentTraining.batches(set, request, trainConfig), trainConfig, Recipes.loss(request));

        JsonPath resumed = fixture.assertResumesIntoTheUninterruptedModel("student-service", "/students", JOB_ID,
                UNINTERRUPTED, StudentJobs.STUDENT, request, job -> job, Duration.ofMinutes(4));

        assertThat(resumed.getInt("metrics.trainExamples")).isEqualTo(500);
    }
}
