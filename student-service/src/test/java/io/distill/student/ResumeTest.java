package io.distill.student;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.Model;
import io.distill.core.data.ClassFilter;
import io.distill.core.events.Json;
import io.distill.core.events.Topics;
import io.distill.core.jobs.Job;
import io.distill.core.model.Models;
import io.distill.core.requests.BiasAdjust;
import io.distill.core.requests.Optimizer;
import io.distill.core.requests.StudentMode;
import io.distill.core.requests.StudentRequest;
import io.distill.core.train.TrainingListener;
import io.distill.service.jobs.JobRunner;
import io.distill.service.jobs.JobStore;
import io.distill.service.objects.CheckpointStore;
import io.distill.service.runtime.EngineRuntime;
import io.distill.testkit.KafkaBroker;
import io.distill.testkit.ObjectStore;
import io.distill.testkit.Postgres;
import io.distill.testkit.TopicReader;
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
 * A distilled student that a dead replica left RUNNING, with its epoch-1 checkpoint in the object
 * store, resumes at the next epoch on this replica once its transfer set arrives.
 */
@QuarkusTest
@TestProfile(SmallStudentProfile.class)
@WithTestResource(value = KafkaBroker.class, scope = TestResourceScope.MATCHING_RESOURCES)
@WithTestResource(value = Postgres.class, scope = TestResourceScope.MATCHING_RESOURCES)
@WithTestResource(value = ObjectStore.class, scope = TestResourceScope.MATCHING_RESOURCES)
class ResumeTest {

    private static final String JOB_ID = "s-halfdone";
    private static final String TRANSFER_SET = "fx-resume";
    private static final int EPOCHS = 3;
    private static final int CHECKPOINT_EPOCH = 1;

    @Inject
    JobStore store;
    @Inject
    JobRunner runner;
    @Inject
    CheckpointStore checkpoints;
    @Inject
    EngineRuntime runtime;

    @Test
    void aStudentLeftRunningWithAStoredCheckpointResumesAtTheNextEpochOnceItsTransferSetArrives() throws Exception {
        StudentRequest request = new StudentRequest(TRANSFER_SET, List.of(64), StudentMode.DISTILL, 20.0, 0.9, 0.1,
                0.0, 0.0, EPOCHS, 50, Optimizer.SGD, 0.03, 0.9, 1, Optional.of(5.0), 1L, BiasAdjust.NONE, true,
                Optional.empty());
        store.save(Job.queued(JOB_ID, EPOCHS, Json.mapper().valueToTree(request)).startedOn("dead-replica")
                .withProgress(CHECKPOINT_EPOCH, (double) CHECKPOINT_EPOCH / EPOCHS, 1000, 0.5, 300, 10.0));
        try (Model model = Models.create(JOB_ID, request.architecture(), runtime.engine(), runtime.device(), 7)) {
            checkpoints.open(JOB_ID).onEpochEnd(
                    new TrainingListener.EpochReport(CHECKPOINT_EPOCH, EPOCHS, 0.5, 300, 5000, 1000, 2, 0.03, 0.9),
                    model.getBlock());
        }
        runner.queue(JOB_ID);
        TransferSetFixture.publish(TRANSFER_SET, ClassFilter.ALL, 500, List.of());

        JsonPath job = Students.awaitSuccess(JOB_ID, Duration.ofMinutes(4));

        assertThat(job.getInt("attempts")).isEqualTo(2);
        assertThat(job.getInt("metrics.lastEpoch")).isEqualTo(EPOCHS);
        assertThat(job.getInt("metrics.epochsRun")).isEqualTo(EPOCHS - CHECKPOINT_EPOCH);
        assertThat(job.getInt("metrics.trainExamples")).isEqualTo(500);
        List<TopicReader.Event> progress = TopicReader.read(Topics.DISTILL_PROGRESS,
                ("student-service/" + JOB_ID)::equals,
                events -> events.stream().anyMatch(e -> e.value().has("modelIds")), Duration.ofSeconds(30));
        List<Integer> ended = progress.stream().filter(e -> e.value().has("epochs"))
                .filter(e -> !e.value().path("message").asText().contains("batch"))
                .map(e -> e.value().path("epoch").asInt()).toList();
        assertThat(ended).containsExactly(2, 3);
    }
}
