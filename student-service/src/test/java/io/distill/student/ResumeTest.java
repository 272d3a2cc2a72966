package io.distill.student;

import static org.assertj.core.api.Assertions.assertThat;

import io.distill.core.data.ClassFilter;
import io.distill.core.events.Topics;
import io.distill.testkit.KafkaBroker;
import io.distill.testkit.TopicReader;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

@QuarkusTest
@TestProfile(HalfFinishedStudentProfile.class)
@WithTestResource(value = KafkaBroker.class, scope = TestResourceScope.MATCHING_RESOURCES)
class ResumeTest {

    @Test
    void aStudentLeftRunningWithACheckpointResumesAtTheNextEpochOnceItsTransferSetArrives() throws Exception {
        String id = HalfFinishedStudentProfile.JOB_ID;
        TransferSetFixture.publish(HalfFinishedStudentProfile.TRANSFER_SET, ClassFilter.ALL, 500, List.of());

        JsonPath job = Students.awaitSuccess(id, Duration.ofMinutes(4));

        assertThat(job.getInt("metrics.lastEpoch")).isEqualTo(HalfFinishedStudentProfile.EPOCHS);
        assertThat(job.getInt("metrics.epochsRun"))
                .isEqualTo(HalfFinishedStudentProfile.EPOCHS - HalfFinishedStudentProfile.CHECKPOINT_EPOCH);
        assertThat(job.getInt("metrics.trainExamples")).isEqualTo(500);
        List<TopicReader.Event> progress = TopicReader.read(Topics.DISTILL_PROGRESS,
                ("student-service/" + id)::equals,
                events -> events.stream().anyMatch(e -> e.value().has("modelIds")), Duration.ofSeconds(30));
        // The epochs that ended in this process are exactly those after the checkpoint.
        List<Integer> ended = progress.stream().filter(e -> e.value().has("epochs"))
                .filter(e -> !e.value().path("message").asText().contains("batch"))
                .map(e -> e.value().path("epoch").asInt()).toList();
        assertThat(ended).containsExactly(2, 3);
    }
}
