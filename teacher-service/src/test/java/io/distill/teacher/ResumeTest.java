package io.distill.teacher;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.Model;
import io.distill.core.events.Json;
import io.distill.core.events.Topics;
import io.distill.core.jobs.Job;
import io.distill.core.model.Models;
import io.distill.core.requests.Optimizer;
import io.distill.core.requests.Schedule;
import io.distill.core.requests.TeacherRequest;
import io.distill.core.train.TrainingListener;
import io.distill.service.config.DistillConfig;
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
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * A job that a dead replica left RUNNING, with its epoch-1 checkpoint in the object store, is
 * resumed by this replica when the scheduler fires it again (what Quartz does when a replica stops
 * checking in; the two-process failover benchmark kills one for real).
 */
@QuarkusTest
@TestProfile(SmallTeacherProfile.class)
@WithTestResource(value = KafkaBroker.class, scope = TestResourceScope.MATCHING_RESOURCES)
@WithTestResource(value = Postgres.class, scope = TestResourceScope.MATCHING_RESOURCES)
@WithTestResource(value = ObjectStore.class, scope = TestResourceScope.MATCHING_RESOURCES)
class ResumeTest {

    private static final String JOB_ID = "t-halfdone";
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
    @Inject
    DistillConfig config;

    @Test
    void aJobLeftRunningByADeadReplicaResumesFromItsStoredCheckpointOnThisOne() throws Exception {
        TeacherRequest request = new TeacherRequest("mnist", List.of(32), 0.2, 0.5, Optional.of(15.0), 4, 2, EPOCHS,
                100, Optimizer.SGD, 0.1, 0.9, Optional.empty(), 0, 0, Schedule.COSINE, 1.0, 0.0, Optional.empty(),
                Optional.empty(), 1L, Optional.of(2_000), 1, Optional.empty());
        store.save(Job.queued(JOB_ID, EPOCHS, Json.mapper().valueToTree(request)).startedOn("dead-replica")
                .withProgress(CHECKPOINT_EPOCH, (double) CHECKPOINT_EPOCH / EPOCHS, 1000, 0.5, 300, 10.0));
        // The dead replica's checkpoint, in the object store only: this replica's cache never saw it.
        try (Model model = Models.create(JOB_ID + "-0", request.architecture(), runtime.engine(), runtime.device(), 7)) {
            checkpoints.open(JOB_ID + "/0").onEpochEnd(
                    new TrainingListener.EpochReport(CHECKPOINT_EPOCH, EPOCHS, 0.5, 300, 5000, 1000, 2, 0.1, 0.9),
                    model.getBlock());
        }
        deleteLocalCache();

        runner.queue(JOB_ID);

        JsonPath job = Jobs.await(JOB_ID, Set.of("SUCCEEDED", "FAILED", "CANCELLED"), Duration.ofMinutes(2));
        assertThat(job.getString("state")).as(job.getString("error")).isEqualTo("SUCCEEDED");
        assertThat(job.getInt("attempts")).isEqualTo(2);
        assertThat(job.getString("instance")).isEqualTo(config.instanceId()).isNotEqualTo("dead-replica");
        assertThat(job.getInt("metrics.lastEpoch")).isEqualTo(EPOCHS);
        assertThat(job.getInt("metrics.epochsRun")).isEqualTo(EPOCHS - CHECKPOINT_EPOCH);
        List<TopicReader.Event> progress = TopicReader.read(Topics.DISTILL_PROGRESS,
                ("teacher-service/" + JOB_ID)::equals,
                events -> events.stream().anyMatch(e -> e.value().has("modelIds")), Duration.ofSeconds(30));
        // The epochs that ended on this replica are exactly those after the checkpoint.
        List<Integer> ended = progress.stream().filter(e -> e.value().has("epochs"))
                .filter(e -> !e.value().path("message").asText().contains("batch"))
                .map(e -> e.value().path("epoch").asInt()).toList();
        assertThat(ended).containsExactly(2, 3);
    }

    private void deleteLocalCache() throws java.io.IOException {
        java.nio.file.Path dir = config.storePath().resolve("checkpoints").resolve(JOB_ID);
        try (var files = java.nio.file.Files.walk(dir)) {
            for (java.nio.file.Path p : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                java.nio.file.Files.delete(p);
            }
        }
    }
}
