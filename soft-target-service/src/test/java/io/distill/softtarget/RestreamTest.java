package io.distill.softtarget;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import com.fasterxml.jackson.databind.JsonNode;
import io.distill.contract.events.Topics;
import io.distill.testkit.JobWaits;
import io.distill.testkit.KafkaBroker;
import io.distill.testkit.Postgres;
import io.distill.testkit.S3Server;
import io.distill.testkit.TinyTeachers;
import io.distill.testkit.TopicReader;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * A complete set whose first events Kafka has deleted reads as {@code expired}; asked to, the service
 * streams it again under the same id as generation 2, with new offsets and the very logits of the
 * first stream. The deletion is the broker's own (Admin deleteRecords moves each partition's log
 * start past the set, as retention does when it drops a segment).
 */
@QuarkusTest
@WithTestResource(value = KafkaBroker.class, scope = TestResourceScope.MATCHING_RESOURCES)
@WithTestResource(value = Postgres.class, scope = TestResourceScope.MATCHING_RESOURCES)
@WithTestResource(value = S3Server.class, scope = TestResourceScope.MATCHING_RESOURCES)
class RestreamTest {

    private static final Duration WAIT = SoftTargetStreamTest.WAIT;

    @Test
    void anExpiredSetIsStreamedAgainAsGenerationTwoWithTheSameLogits() throws Exception {
        Path teacher = TinyTeachers.create("tiny-restream", 21);
        TinyTeachers.announce("tiny-restream", "tj-restream", 0, 1, TinyTeachers.sha256(teacher), null);
        SoftTargetStreamTest.awaitTeachers(Set.of("tiny-restream"));
        JsonPath first = SoftTargetStreamTest.createAndAwait("{\"teacherModelIds\": [\"tiny-restream\"], \"limit\": 120}");
        String id = first.getString("id");
        assertThat(first.getInt("generation")).isEqualTo(1);
        assertThat(first.getBoolean("expired")).isFalse();
        Map<Integer, List<Float>> logits = logits(id, 120);
        // Nothing to do while every event is there.
        given().post("/transfer-sets/" + id + "/restream").then().statusCode(200).body("generation", equalTo(1));

        Map<String, List<Number>> offsets = first.getMap("metrics.offsets");
        deleteThrough(offsets);

        given().get("/transfer-sets/" + id).then().statusCode(200).body("expired", equalTo(true));
        given().post("/transfer-sets/" + id + "/restream").then().statusCode(202)
                .body("state", equalTo("QUEUED")).body("generation", equalTo(2));
        JsonPath second = JobWaits.awaitSuccess("/transfer-sets/" + id, WAIT);

        assertThat(second.getInt("generation")).isEqualTo(2);
        assertThat(second.getBoolean("expired")).isFalse();
        assertThat(second.getLong("count")).isEqualTo(120);
        JsonNode manifest = TopicReader.read(Topics.TRANSFER_SETS, id::equals,
                events -> events.stream().anyMatch(e -> e.value().path("generation").asInt() == 2), WAIT)
                .stream().filter(e -> e.value().path("generation").asInt() == 2).findFirst().orElseThrow().value();
        assertThat(manifest.path("state").asText()).isEqualTo("COMPLETE");
        assertThat(manifest.path("restreamUri").asText()).endsWith("/transfer-sets/" + id + "/restream");
        manifest.path("offsets").fields().forEachRemaining(range -> assertThat(range.getValue().get(0).asLong())
                .as("partition %s starts after the first stream", range.getKey())
                .isGreaterThan(offsets.get(range.getKey()).get(1).longValue()));
        // The same teacher on the same data: the very same logits, example by example.
        assertThat(logits(id, 120)).isEqualTo(logits);
    }

    @Test
    void anUnknownSetIsNotFoundAndAFailedOneIsRefused() throws Exception {
        given().post("/transfer-sets/ts-unknown/restream").then().statusCode(404);
        TinyTeachers.create("tiny-mismatch", 22);
        TinyTeachers.announce("tiny-mismatch", "tj-mismatch", 0, 1, "0".repeat(64), null);
        SoftTargetStreamTest.awaitTeachers(Set.of("tiny-mismatch"));
        String id = given().contentType("application/json")
                .body("{\"teacherModelIds\": [\"tiny-mismatch\"], \"limit\": 10}").post("/transfer-sets")
                .then().statusCode(202).extract().jsonPath().getString("id");
        assertThat(SoftTargetStreamTest.await(id).getString("state")).isEqualTo("FAILED");

        given().post("/transfer-sets/" + id + "/restream").then().statusCode(409)
                .contentType("application/problem+json").body("detail", containsString("FAILED"));
    }

    /** The logits of the set's events now on soft-targets, by example id. */
    private static Map<Integer, List<Float>> logits(String id, int count) {
        Map<Integer, List<Float>> byExample = new TreeMap<>();
        for (TopicReader.Event e : TopicReader.read(Topics.SOFT_TARGETS, k -> k.startsWith(id + "/"),
                events -> events.size() >= count, WAIT)) {
            List<Float> values = new java.util.ArrayList<>();
            e.value().path("logits").forEach(v -> values.add(v.floatValue()));
            byExample.put(e.value().path("exampleId").asInt(), values);
        }
        assertThat(byExample).hasSize(count);
        return byExample;
    }

    /** Deletes every event of soft-targets up to the set's last one, as retention would. */
    private static void deleteThrough(Map<String, List<Number>> offsets) throws Exception {
        Map<Integer, Long> before = new HashMap<>();
        offsets.forEach((p, range) -> before.put(Integer.parseInt(p), range.get(1).longValue() + 1));
        KafkaBroker.deleteRecordsBefore(Topics.SOFT_TARGETS, before);
    }
}
