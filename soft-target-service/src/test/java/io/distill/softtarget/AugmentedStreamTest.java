package io.distill.softtarget;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import com.fasterxml.jackson.databind.JsonNode;
import io.distill.contract.events.Topics;
import io.distill.contract.json.Json;
import io.distill.core.data.ExampleSet;
import io.distill.core.data.Translation;
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
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Augmented transfer sets: each example followed by jittered copies, with the teacher's logits on each. */
@QuarkusTest
@WithTestResource(value = KafkaBroker.class, scope = TestResourceScope.MATCHING_RESOURCES)
@WithTestResource(value = Postgres.class, scope = TestResourceScope.MATCHING_RESOURCES)
@WithTestResource(value = S3Server.class, scope = TestResourceScope.MATCHING_RESOURCES)
class AugmentedStreamTest {

    private static final int EXAMPLES = 40;
    private static final int JITTER = 2;
    private static final long SEED = 5;
    private static Path teacher;

    @BeforeEach
    void announceTeacherOnce() throws Exception {
        if (teacher != null) {
            return;
        }
        teacher = TinyTeachers.create("tiny-augment", 51);
        TinyTeachers.announce("tiny-augment", "tj-augment", 0, 1, TinyTeachers.sha256(teacher), null);
        SoftTargetStreamTest.awaitTeachers(Set.of("tiny-augment"));
    }

    @Test
    void twoCopiesStreamTheOriginalThenItsTranslationEachWithTheTeachersLogitsOnItsOwnPixels() throws Exception {
        JsonPath set = SoftTargetStreamTest.createAndAwait("{\"teacherModelIds\": [\"tiny-augment\"], \"limit\": "
                + EXAMPLES + ", \"copies\": 2, \"jitter\": " + JITTER + ", \"augmentSeed\": " + SEED + "}");
        String id = set.getString("id");
        assertThat(set.getLong("count")).isEqualTo(2 * EXAMPLES);

        List<TopicReader.Event> events = TopicReader.read(Topics.SOFT_TARGETS, k -> k.startsWith(id + "/"),
                e -> e.size() >= 2 * EXAMPLES, SoftTargetStreamTest.WAIT);
        assertThat(events).hasSize(2 * EXAMPLES);
        ExampleSet examples = SoftTargetStreamTest.mnistTrain().limit(EXAMPLES);
        ExampleSet translated = translated(examples);
        float[] onOriginals = SoftTargetStreamTest.directLogits(teacher, examples);
        float[] onTranslations = SoftTargetStreamTest.directLogits(teacher, translated);
        int moved = 0;
        for (TopicReader.Event e : events) {
            JsonNode v = e.value();
            int exampleId = v.path("exampleId").asInt();
            int copy = v.path("copy").asInt();
            assertThat(copy).isBetween(0, 1);
            assertThat(e.key()).isEqualTo(copy == 0 ? id + "/" + exampleId : id + "/" + exampleId + ".1");
            assertThat(v.path("label").asInt()).isEqualTo(examples.label(exampleId));
            byte[] features = Base64.getDecoder().decode(v.path("features").asText());
            ExampleSet source = copy == 0 ? examples : translated;
            float[] direct = copy == 0 ? onOriginals : onTranslations;
            assertThat(features).as("features of %s", e.key()).isEqualTo(source.pixels(exampleId));
            for (int k = 0; k < 10; k++) {
                assertThat(v.path("logits").get(k).asDouble()).as("logit %d of %s", k, e.key())
                        .isCloseTo(direct[exampleId * 10 + k], within(1e-5));
            }
            moved += copy == 1 && !Arrays.equals(features, examples.pixels(exampleId)) ? 1 : 0;
        }
        // Most copies really moved: the check above would pass for untranslated copies otherwise.
        assertThat(moved).isGreaterThan(EXAMPLES / 2);

        JsonNode manifest = SoftTargetStreamTest.manifest(id);
        assertThat(manifest.path("count").asLong()).isEqualTo(2 * EXAMPLES);
        int[] classCounts = Json.mapper().convertValue(manifest.path("classCounts"), int[].class);
        assertThat(classCounts).containsExactly(Arrays.stream(examples.classCounts()).map(c -> 2 * c).toArray());
        assertThat(manifest.path("filters").path("copies").asInt()).isEqualTo(2);
        assertThat(manifest.path("filters").path("jitter").asInt()).isEqualTo(JITTER);
        assertThat(manifest.path("filters").path("augmentSeed").asLong()).isEqualTo(SEED);
    }

    @Test
    void copiesWithoutJitterOrOutOfRangeGet400NamingTheField() {
        post("\"copies\": 2").body("field", equalTo("jitter"))
                .body("error", containsString("at least 1 when copies is 2"));
        post("\"copies\": 2, \"jitter\": 0").body("field", equalTo("jitter")).body("error", containsString("(is 0)"));
        post("\"copies\": 33, \"jitter\": 1").body("field", equalTo("copies"));
        post("\"copies\": 0").body("field", equalTo("copies"));
        post("\"copies\": 2, \"jitter\": 9").body("field", equalTo("jitter"));
    }

    /**
     * Each example's copy 1: the image moved, by the teacher's own translation, by the shift drawn for
     * (seed, example id, copy 1). Positions stay those of {@code examples}, whose ids are 0..n-1.
     */
    private static ExampleSet translated(ExampleSet examples) {
        Translation translation = new Translation(JITTER);
        return examples.translated("translated", i -> translation.shiftOf(SEED, examples.id(i), 1));
    }

    /** Posts a set of the teacher with {@code fields} added, expecting 400. */
    private static io.restassured.response.ValidatableResponse post(String fields) {
        return given().contentType("application/json").body("{\"teacherModelIds\": [\"tiny-augment\"], " + fields + "}")
                .post("/transfer-sets").then().statusCode(400);
    }
}
