package io.distill.teacher;

import static org.assertj.core.api.Assertions.assertThat;

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
import java.util.Set;
import org.junit.jupiter.api.Test;

@QuarkusTest
@TestProfile(HalfFinishedJobProfile.class)
@WithTestResource(value = KafkaBroker.class, scope = TestResourceScope.MATCHING_RESOURCES)
class ResumeTest {

    @Test
    void aJobLeftRunningWithACheckpointResumesAtTheNextEpochWhenTheServiceStarts() throws Exception {
        String id = HalfFinishedJobProfile.JOB_ID;

        JsonPath job = Jobs.await(id, Set.of("SUCCEEDED", "FAILED", "CANCELLED"), Duration.ofMinutes(2));

        assertThat(job.getString("state")).as(job.getString("error")).isEqualTo("SUCCEEDED");
        assertThat(job.getInt("metrics.lastEpoch")).isEqualTo(HalfFinishedJobProfile.EPOCHS);
        assertThat(job.getInt("metrics.epochsRun"))
                .isEqualTo(HalfFinishedJobProfile.EPOCHS - HalfFinishedJobProfile.CHECKPOINT_EPOCH);
        List<TopicReader.Event> progress = TopicReader.read(Topics.DISTILL_PROGRESS,
                ("teacher-service/" + id)::equals,
                events -> events.stream().anyMatch(e -> e.value().has("modelIds")), Duration.ofSeconds(30));
        List<TopicReader.Event> reports = progress.stream().filter(e -> e.value().has("epochs")).toList();
        // "epoch" counts completed epochs: never fewer than the checkpoint's, even mid-epoch...
        assertThat(reports).allSatisfy(e -> assertThat(e.value().path("epoch").asInt())
                .isGreaterThanOrEqualTo(HalfFinishedJobProfile.CHECKPOINT_EPOCH));
        // ...and the epochs that ended in this process are exactly those after the checkpoint.
        List<Integer> ended = reports.stream().filter(e -> !e.value().path("message").asText().contains("batch"))
                .map(e -> e.value().path("epoch").asInt()).toList();
        assertThat(ended).containsExactly(2, 3);
    }
}
