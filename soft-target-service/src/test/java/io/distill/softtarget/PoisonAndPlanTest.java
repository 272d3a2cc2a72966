package io.distill.softtarget;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import com.fasterxml.jackson.databind.JsonNode;
import io.distill.contract.datasets.DatasetFormat;
import io.distill.contract.datasets.DatasetManifest;
import io.distill.contract.datasets.DatasetManifestBuilder;
import io.distill.contract.datasets.ElementType;
import io.distill.contract.datasets.InputShape;
import io.distill.contract.events.Topics;
import io.distill.contract.json.Json;
import io.distill.testkit.KafkaBroker;
import io.distill.testkit.Postgres;
import io.distill.testkit.S3Server;
import io.distill.testkit.TinyTeachers;
import io.distill.testkit.TopicReader;
import io.distill.testkit.TopicWriter;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(value = KafkaBroker.class, scope = TestResourceScope.MATCHING_RESOURCES)
@WithTestResource(value = Postgres.class, scope = TestResourceScope.MATCHING_RESOURCES)
@WithTestResource(value = S3Server.class, scope = TestResourceScope.MATCHING_RESOURCES)
class PoisonAndPlanTest {

    @Test
    void aPoisonTeacherModelsEventLandsInTheDlqAndTheServiceStaysReadyAndGoesOn() throws Exception {
        TinyTeachers.send("poison-1", "{this is not json");
        TinyTeachers.send("poison-2", "{\"modelId\": \"no-artifact\"}");
        Path after = TinyTeachers.create("tiny-after-poison", 21);
        TinyTeachers.announce("tiny-after-poison", "tj-after", 0, 1, TinyTeachers.sha256(after), null);

        List<TopicReader.Event> dead = TopicReader.read(Topics.dlq(Topics.TEACHER_MODELS),
                k -> k.startsWith("poison-"), e -> e.size() >= 2, Duration.ofSeconds(60));
        assertThat(dead).extracting(TopicReader.Event::key).containsExactlyInAnyOrder("poison-1", "poison-2");
        // Each consuming service dead-letters its own copy, and says so.
        assertThat(dead).allSatisfy(e -> {
            assertThat(e.headers()).containsEntry("distill-rejected-by", "soft-target-service");
            assertThat(e.headers().get("distill-rejected-reason")).isNotBlank();
        });
        SoftTargetStreamTest.awaitTeachers(Set.of("tiny-after-poison"));
        given().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"));
    }

    @Test
    void aTransferSetPostedTheMomentItsTeacherIsAnnouncedIsAcceptedNot404() throws Exception {
        Path artifact = TinyTeachers.create("tiny-ryw", 41);
        TinyTeachers.announce("tiny-ryw", "tj-ryw", 0, 1, TinyTeachers.sha256(artifact), null);

        // No wait: the service has not necessarily read the announcement yet, and must catch up first.
        given().contentType("application/json").body("{\"teacherModelIds\": [\"tiny-ryw\"], \"limit\": 10}")
                .post("/transfer-sets").then().statusCode(202);
    }

    @Test
    void aPlanOnTheLastEnsembleMemberStartsItsTransferSetsCarryingStudentsIntoTheManifest() throws Exception {
        JsonNode plan = Json.mapper().readTree("""
                {"transferSets": [{"name": "small", "limit": 30, "omitClasses": [3],
                                   "students": [{"mode": "distill", "temperature": 20}],
                                   "ensembles": []}]}""");
        Path first = TinyTeachers.create("tiny-plan-0", 31);
        Path second = TinyTeachers.create("tiny-plan-1", 32);
        TinyTeachers.announce("tiny-plan-0", "tj-plan", 0, 2, TinyTeachers.sha256(first), plan);
        TinyTeachers.announce("tiny-plan-1", "tj-plan", 1, 2, TinyTeachers.sha256(second), plan);

        List<TopicReader.Event> manifests = TopicReader.read(Topics.TRANSFER_SETS, k -> true,
                e -> e.stream().anyMatch(m -> m.value().path("teacherModelIds").size() == 2
                        && m.value().path("teacherModelIds").get(0).asText().equals("tiny-plan-0")),
                Duration.ofSeconds(90));
        JsonNode manifest = manifests.stream().map(TopicReader.Event::value)
                .filter(m -> m.path("teacherModelIds").get(0).asText().equals("tiny-plan-0")).findFirst().orElseThrow();
        assertThat(manifest.path("state").asText()).isEqualTo("COMPLETE");
        assertThat(manifest.path("count").asInt()).isEqualTo(30);
        assertThat(manifest.path("classCounts").get(3).asInt()).isZero();
        assertThat(manifest.path("plan").path("students").get(0).path("mode").asText()).isEqualTo("distill");
        assertThat(manifest.path("plan").path("name").asText()).isEqualTo("small");
        // Exactly one set was started, though both members carried the plan.
        assertThat(manifests.stream().filter(m -> m.value().path("teacherModelIds").toString().contains("tiny-plan"))
                .count()).isEqualTo(1);
    }

    @Test
    void aPlannedSetWhoseDataCannotBeDownloadedFailsAloneAndTheAnnouncementIsNotDeadLettered() throws Exception {
        Path artifact = TinyTeachers.create("tiny-unreadable", 51);
        // A registered set whose arrays are gone: its URL answers 404.
        DatasetManifest unreadable = DatasetManifestBuilder.builder().datasetId("ds-00000000000000aa")
                .name("unreadable").format(DatasetFormat.NPZ).shape(InputShape.MNIST).type(ElementType.UINT8)
                .classNames(IntStream.range(0, 10).mapToObj(Integer::toString).toList())
                .splits(new DatasetManifest.SplitSizes(100, 10, 20)).validation("given").scaling("unit")
                .files(List.of()).arraysUri(TinyTeachers.uri("no-such-arrays")).arraysSha256("0".repeat(64))
                .heapBytes(100_000).registeredAt(Instant.now()).build();
        TopicWriter.send(Topics.DATASETS, unreadable.datasetId(), unreadable);
        JsonNode plan = Json.mapper().readTree("""
                {"transferSets": [{"name": "unreadable", "dataset": "ds-00000000000000aa", "limit": 10},
                                  {"name": "readable", "limit": 10}]}""");

        TinyTeachers.announce("tiny-unreadable", "tj-unreadable", 0, 1, TinyTeachers.sha256(artifact), plan);

        JsonNode failed = awaitSet("tj-unreadable-ts0", Set.of("FAILED"));
        assertThat(failed.path("error").asText()).contains("ds-00000000000000aa", "unreachable", "404");
        awaitSet("tj-unreadable-ts1", Set.of("SUCCEEDED"));
        assertThat(TopicReader.readAll(Topics.dlq(Topics.TEACHER_MODELS), "tiny-unreadable"::equals)).isEmpty();
    }

    /** The transfer set's record once its state is one of {@code states}. */
    private static JsonNode awaitSet(String id, Set<String> states) {
        return Awaitility.await("transfer set " + id).atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(500))
                .until(() -> {
                    var answer = given().get("/transfer-sets/" + id);
                    return answer.statusCode() == 200 ? Json.mapper().readTree(answer.asString()) : null;
                }, j -> j != null && states.contains(j.path("state").asText()));
    }
}
