package io.distill.specialist;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.distill.core.events.Json;
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
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

@QuarkusTest
@TestProfile(HalfFinishedEnsembleProfile.class)
@WithTestResource(value = KafkaBroker.class, scope = TestResourceScope.MATCHING_RESOURCES)
class ResumeTest {

    @Test
    void anEnsembleLeftRunningKeepsItsFinishedSpecialistAndTrainsOnlyTheRest() throws Exception {
        String id = HalfFinishedEnsembleProfile.JOB_ID;

        JsonPath job = await(id);

        assertThat(Json.mapper().writeValueAsString(job.getList("metrics.subsets")))
                .isEqualTo(System.getProperty(HalfFinishedEnsembleProfile.SUBSETS_PROPERTY));
        List<Map<String, Object>> specialists = job.getList("metrics.specialists");
        assertThat(((Number) specialists.get(0).get("lastTrainLoss")).doubleValue())
                .as("the saved specialist is reused, not trained again").isEqualTo(HalfFinishedEnsembleProfile.MARK);
        assertThat(((Number) specialists.get(1).get("lastTrainLoss")).doubleValue()).isPositive();
        // Epoch-end progress of this process comes from the second specialist only.
        List<TopicReader.Event> progress = TopicReader.read(Topics.DISTILL_PROGRESS,
                ("specialist-service/" + id)::equals,
                events -> events.stream().anyMatch(e -> e.value().has("modelIds")), Duration.ofSeconds(30));
        List<String> epochEnds = progress.stream().map(e -> e.value().path("message").asText())
                .filter(m -> m.contains("member") && !m.contains("batch")).toList();
        assertThat(epochEnds).isNotEmpty().allSatisfy(m -> assertThat(m).startsWith("member 2/2"));
        given().get("/models/" + id).then().statusCode(200);
    }

    private static JsonPath await(String id) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
        JsonPath job;
        do {
            job = given().get("/ensembles/" + id).then().statusCode(200).extract().jsonPath();
            if (Set.of("SUCCEEDED", "FAILED", "CANCELLED").contains(job.getString("state"))) {
                assertThat(job.getString("state")).as(job.getString("error")).isEqualTo("SUCCEEDED");
                return job;
            }
            Thread.sleep(500);
        } while (System.nanoTime() < deadline);
        throw new AssertionError("Ensemble " + id + " is still " + job.getString("state"));
    }
}
