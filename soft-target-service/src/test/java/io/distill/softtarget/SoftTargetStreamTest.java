package io.distill.softtarget;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import ai.djl.engine.Engine;
import com.fasterxml.jackson.databind.JsonNode;
import io.distill.contract.events.Topics;
import io.distill.contract.events.TransferSetManifest;
import io.distill.contract.json.Json;
import io.distill.contract.requests.ClassFilter;
import io.distill.contract.requests.DatasetNames;
import io.distill.core.artifact.ModelArtifact;
import io.distill.core.data.Datasets;
import io.distill.core.data.ExampleSet;
import io.distill.core.eval.Evaluation;
import io.distill.core.eval.Inference;
import io.distill.core.model.Engines;
import io.distill.server.transfer.SoftTargetReader;
import io.distill.testkit.JobWaits;
import io.distill.testkit.KafkaBroker;
import io.distill.testkit.Postgres;
import io.distill.testkit.Promtool;
import io.distill.testkit.S3Server;
import io.distill.testkit.TinyTeachers;
import io.distill.testkit.TopicReader;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(value = KafkaBroker.class, scope = TestResourceScope.MATCHING_RESOURCES)
@WithTestResource(value = Postgres.class, scope = TestResourceScope.MATCHING_RESOURCES)
@WithTestResource(value = S3Server.class, scope = TestResourceScope.MATCHING_RESOURCES)
class SoftTargetStreamTest {

    @Inject
    SoftTargetReader reader;

    static final Duration WAIT = Duration.ofSeconds(90);
    private static Path teacherA;
    private static Path teacherB;

    @BeforeEach
    void announceTeachersOnce() throws Exception {
        if (teacherA != null) {
            return;
        }
        teacherA = TinyTeachers.create("tiny-a", 11);
        teacherB = TinyTeachers.create("tiny-b", 12);
        TinyTeachers.create("tiny-corrupt", 13);
        TinyTeachers.announce("tiny-a", "tj-pair", 0, 2, TinyTeachers.sha256(teacherA), null);
        TinyTeachers.announce("tiny-b", "tj-pair", 1, 2, TinyTeachers.sha256(teacherB), null);
        TinyTeachers.announce("tiny-corrupt", "tj-corrupt", 0, 1, "0".repeat(64), null);
        awaitTeachers(Set.of("tiny-a", "tiny-b", "tiny-corrupt"));
    }

    @Test
    void aSetOfNExamplesStreamsExactlyNEventsMatchingDirectInferenceAndTheData() throws Exception {
        awaitNoSetStreaming();
        double eventsBefore = metric("distill_soft_target_events_total", null);
        double bytesBefore = metric("distill_soft_target_bytes_total", null);
        double completeBefore = metric("distill_transfer_sets_total", "state=\"complete\"");
        JsonPath set = createAndAwait("{\"teacherModelIds\": [\"tiny-a\"], \"limit\": 300}");
        String id = set.getString("id");
        assertThat(set.getLong("count")).isEqualTo(300);
        assertThat(set.getLong("published")).isEqualTo(300);
        // The counters saw exactly this set: 300 events of at least their 784 pixels in base64 each.
        assertThat(metric("distill_soft_target_events_total", null) - eventsBefore).isEqualTo(300);
        assertThat(metric("distill_soft_target_bytes_total", null) - bytesBefore).isGreaterThan(300 * 1045);
        assertThat(metric("distill_transfer_sets_total", "state=\"complete\"") - completeBefore).isEqualTo(1);

        List<TopicReader.Event> events = TopicReader.read(Topics.SOFT_TARGETS, k -> k.startsWith(id + "/"),
                e -> e.size() >= 300, WAIT);
        assertThat(events).hasSize(300);
        ExampleSet examples = mnistTrain().limit(300);
        float[] direct = directLogits(teacherA, examples);
        for (TopicReader.Event e : events) {
            JsonNode v = e.value();
            int exampleId = v.path("exampleId").asInt();
            assertThat(e.key()).isEqualTo(id + "/" + exampleId);
            assertThat(v.path("label").asInt()).isEqualTo(examples.label(exampleId));
            assertThat(Base64.getDecoder().decode(v.path("features").asText())).isEqualTo(examples.pixels(exampleId));
            assertThat(v.path("shape").get(0).asInt()).isEqualTo(28);
            for (int k = 0; k < 10; k++) {
                assertThat(v.path("logits").get(k).asDouble()).isCloseTo(direct[exampleId * 10 + k], within(1e-5));
            }
        }

        JsonNode manifest = manifest(id);
        assertThat(manifest.path("state").asText()).isEqualTo("COMPLETE");
        assertThat(manifest.path("count").asLong()).isEqualTo(300);
        int[] classCounts = Json.mapper().convertValue(manifest.path("classCounts"), int[].class);
        assertThat(classCounts).containsExactly(examples.classCounts());
        long covered = 0;
        for (JsonNode range : (Iterable<JsonNode>) () -> manifest.path("offsets").elements()) {
            covered += range.get(1).asLong() - range.get(0).asLong() + 1;
        }
        assertThat(covered).isEqualTo(300);
        assertThat(manifest.path("teacherModelIds").get(0).asText()).isEqualTo("tiny-a");
        // MNIST stays inline under the default limit, so a console consumer still sees its pixels.
        assertThat(manifest.path("features").asText()).isEqualTo("inline");
        assertThat(manifest.path("shape").toString()).isEqualTo("[1,28,28]");
    }

    @Test
    void anImportedOnnxTwinOfATeacherStreamsItsLogitsRunByOnnxRuntime() throws Exception {
        Path twin = TinyTeachers.createOnnx("tiny-a-onnx", teacherA);
        TinyTeachers.announceOnnx("tiny-a-onnx", TinyTeachers.sha256(twin));
        awaitTeachers(Set.of("tiny-a-onnx"));
        awaitNoSetStreaming();

        String id = createAndAwait("{\"teacherModelIds\": [\"tiny-a-onnx\"], \"limit\": 200}").getString("id");

        List<TopicReader.Event> events = TopicReader.read(Topics.SOFT_TARGETS, k -> k.startsWith(id + "/"),
                e -> e.size() >= 200, WAIT);
        assertThat(events).hasSize(200);
        float[] direct = directLogits(teacherA, mnistTrain().limit(200));
        for (TopicReader.Event e : events) {
            int exampleId = e.value().path("exampleId").asInt();
            for (int k = 0; k < 10; k++) {
                assertThat(e.value().path("logits").get(k).asDouble()).as("example %d, class %d", exampleId, k)
                        .isCloseTo(direct[exampleId * 10 + k], within(1e-4));
            }
        }
        // In an ensemble beside the trained teacher it was exported from: two equal distributions, so the
        // combined logits are that teacher's log-probabilities.
        String mixed = createAndAwait("{\"teacherModelIds\": [\"tiny-a\", \"tiny-a-onnx\"], \"limit\": 50}")
                .getString("id");
        List<TopicReader.Event> both = TopicReader.read(Topics.SOFT_TARGETS, k -> k.startsWith(mixed + "/"),
                e -> e.size() >= 50, WAIT);
        assertThat(both).hasSize(50).allSatisfy(e -> {
            int exampleId = e.value().path("exampleId").asInt();
            double logZ = Evaluation.logSumExp(direct, exampleId * 10, 10);
            for (int k = 0; k < 10; k++) {
                assertThat(e.value().path("logits").get(k).asDouble()).isCloseTo(direct[exampleId * 10 + k] - logZ,
                        within(1e-4));
            }
        });
        // As a student reads it: every example, with the imported teacher's logits.
        SoftTargetReader.TransferSet read = reader.read(Json.mapper().treeToValue(manifest(id),
                TransferSetManifest.class), WAIT, () -> false);
        assertThat(read.malformed()).isZero();
        assertThat(read.images().size()).isEqualTo(200);
        for (int i = 0; i < 200; i++) {
            int exampleId = read.images().id(i);
            assertThat(read.images().pixels(i)).isEqualTo(mnistTrain().pixels(exampleId));
            for (int k = 0; k < 10; k++) {
                assertThat(read.logits()[i * 10 + k]).isCloseTo(direct[exampleId * 10 + k], within(1e-4f));
            }
        }
    }

    @Test
    void omittingThreesStreamsNoThreeAndOnlySevensAndEightsStreamsNothingElse() throws Exception {
        String noThrees = createAndAwait("{\"teacherModelIds\": [\"tiny-a\"], \"omitClasses\": [3], \"limit\": 400}")
                .getString("id");
        String sevensEights = createAndAwait(
                "{\"teacherModelIds\": [\"tiny-a\"], \"onlyClasses\": [7, 8], \"limit\": 200}").getString("id");

        List<TopicReader.Event> a = TopicReader.read(Topics.SOFT_TARGETS, k -> k.startsWith(noThrees + "/"),
                e -> e.size() >= 400, WAIT);
        List<TopicReader.Event> b = TopicReader.read(Topics.SOFT_TARGETS, k -> k.startsWith(sevensEights + "/"),
                e -> e.size() >= 200, WAIT);
        assertThat(a).hasSize(400).noneMatch(e -> e.value().path("label").asInt() == 3);
        assertThat(b).hasSize(200).allMatch(e -> Set.of(7, 8).contains(e.value().path("label").asInt()));
        assertThat(manifest(noThrees).path("classCounts").get(3).asInt()).isZero();
    }

    @Test
    void anEnsembleOfTwoStreamsTheLogOfTheMeanOfTheirProbabilities() throws Exception {
        String id = createAndAwait("{\"teacherJobId\": \"tj-pair\", \"limit\": 50}").getString("id");

        List<TopicReader.Event> events = TopicReader.read(Topics.SOFT_TARGETS, k -> k.startsWith(id + "/"),
                e -> e.size() >= 50, WAIT);
        ExampleSet examples = mnistTrain().limit(50);
        float[] a = directLogits(teacherA, examples);
        float[] b = directLogits(teacherB, examples);
        assertThat(events).hasSize(50);
        for (TopicReader.Event e : events) {
            int i = e.value().path("exampleId").asInt();
            double[] pa = softmax(a, i);
            double[] pb = softmax(b, i);
            for (int k = 0; k < 10; k++) {
                assertThat(e.value().path("logits").get(k).asDouble())
                        .isCloseTo(Math.log((pa[k] + pb[k]) / 2), within(1e-5));
            }
        }
        assertThat(manifest(id).path("teacherModelIds").size()).isEqualTo(2);
    }

    @Test
    void aChecksumMismatchEndsTheSetWithAFailedManifestSayingSo() throws Exception {
        awaitNoSetStreaming();
        double failedBefore = metric("distill_transfer_sets_total", "state=\"failed\"");
        String id = given().contentType("application/json")
                .body("{\"teacherModelIds\": [\"tiny-corrupt\"], \"limit\": 10}").post("/transfer-sets")
                .then().statusCode(202).extract().jsonPath().getString("id");

        JsonPath set = await(id);
        assertThat(set.getString("state")).isEqualTo("FAILED");
        assertThat(set.getString("error")).contains("checksum mismatch");
        JsonNode manifest = manifest(id);
        assertThat(manifest.path("state").asText()).isEqualTo("FAILED");
        assertThat(manifest.path("error").asText()).contains("checksum mismatch").contains("tiny-corrupt");
        awaitMetric("distill_transfer_sets_total", "state=\"failed\"", failedBefore + 1);
    }

    @Test
    void anIdenticalRequestReturnsTheExistingSetInsteadOfStreamingAgain() {
        String body = "{\"teacherModelIds\": [\"tiny-b\"], \"limit\": 20, \"omitClasses\": [1]}";
        String first = given().contentType("application/json").body(body).post("/transfer-sets")
                .then().statusCode(202).extract().jsonPath().getString("id");

        given().contentType("application/json").body(body).post("/transfer-sets")
                .then().statusCode(200).header("X-Distill-Existing", "true").body("id", equalTo(first));
    }

    @Test
    void badRequestsGet400NamingTheFieldAndUnknownTeachers404() {
        post("{\"teacherModelIds\": [\"tiny-a\"], \"omitClasses\": [3], \"onlyClasses\": [7]}", 400)
                .body("field", equalTo("omitClasses")).body("error", containsString("conflict"));
        post("{\"teacherModelIds\": [\"tiny-a\"], \"teacherJobId\": \"tj-pair\"}", 400)
                .body("field", equalTo("teacherModelIds"));
        post("{}", 400).body("field", equalTo("teacherModelIds"));
        post("{\"teacherModelIds\": [\"tiny-a\"], \"combine\": \"median\"}", 400).body("field", equalTo("combine"));
        post("{\"teacherModelIds\": [\"tiny-a\"], \"split\": \"dev\"}", 400).body("field", equalTo("split"));
        post("{\"teacherModelIds\": [\"tiny-a\"], \"omitClasses\": [12]}", 400).body("field", equalTo("omitClasses[0]"));
        post("{\"teacherModelIds\": [\"no-such-teacher\"]}", 404).body("error", containsString("no-such-teacher"));
        post("{\"teacherJobId\": \"tj-none\"}", 404);
        given().get("/transfer-sets/ts-nope").then().statusCode(404);
    }

    static JsonPath createAndAwait(String body) {
        String id = given().contentType("application/json").body(body).post("/transfer-sets")
                .then().statusCode(202).extract().jsonPath().getString("id");
        return JobWaits.awaitSuccess("/transfer-sets/" + id, WAIT);
    }

    static JsonPath await(String id) {
        return JobWaits.awaitState("/transfer-sets/" + id, JobWaits.ENDED, WAIT);
    }

    static JsonNode manifest(String id) {
        List<TopicReader.Event> events = TopicReader.read(Topics.TRANSFER_SETS, id::equals, e -> !e.isEmpty(), WAIT);
        assertThat(events).hasSize(1);
        return events.get(0).value();
    }

    /** Waits until no set is queued or streaming, so that counters move only for the next one. */
    static void awaitNoSetStreaming() {
        Awaitility.await().atMost(WAIT).pollInterval(Duration.ofMillis(200)).untilAsserted(() ->
                assertThat(given().get("/transfer-sets").then().statusCode(200).extract().jsonPath()
                        .getList("state", String.class)).as("transfer-set states").doesNotContain("QUEUED", "RUNNING"));
    }

    /** The value of the series {@code name} (with {@code label}, when given) in /q/metrics. */
    static double metric(String name, String label) {
        String exposition = given().header("Accept", Promtool.TEXT_FORMAT).get("/q/metrics")
                .then().statusCode(200).extract().asString();
        for (String line : exposition.split("\n")) {
            int space = line.lastIndexOf(' ');
            String series = space < 0 ? line : line.substring(0, space);
            boolean named = series.equals(name) || series.startsWith(name + "{");
            if (named && (label == null || series.contains(label))) {
                return Double.parseDouble(line.substring(space + 1));
            }
        }
        throw new AssertionError("/q/metrics has no series " + name + (label == null ? "" : " with " + label));
    }

    /** Waits for a counter that moves once Kafka has acknowledged what the test waited for. */
    static void awaitMetric(String name, String label, double expected) {
        Awaitility.await().atMost(WAIT).pollInterval(Duration.ofMillis(100)).untilAsserted(() ->
                assertThat(metric(name, label)).as("%s %s", name, label).isEqualTo(expected));
    }

    /** Waits until the service has registered every one of {@code ids} from {@code teacher-models}. */
    static void awaitTeachers(Set<String> ids) {
        Awaitility.await().atMost(WAIT).pollInterval(Duration.ofMillis(200)).untilAsserted(() ->
                assertThat(given().get("/transfer-sets/teachers").then().statusCode(200).extract().jsonPath()
                        .getList("modelId", String.class)).as("teachers registered from teacher-models")
                        .containsAll(ids));
    }

    private static io.restassured.response.ValidatableResponse post(String body, int status) {
        return given().contentType("application/json").body(body).post("/transfer-sets").then().statusCode(status);
    }

    static ExampleSet mnistTrain() throws Exception {
        return Datasets.load(Path.of(System.getenv("DISTILL_DATA_DIR")), DatasetNames.MNIST).train()
                .filter(ClassFilter.ALL);
    }

    static float[] directLogits(Path artifact, ExampleSet examples) throws Exception {
        Engine engine = Engines.engine(Engines.DEFAULT_ENGINE);
        try (ModelArtifact.Loaded loaded = ModelArtifact.load(artifact, engine, engine.defaultDevice())) {
            return Inference.logits(loaded.model().getBlock(), loaded.model().getNDManager(), examples, 100);
        }
    }

    private static double[] softmax(float[] logits, int row) {
        double max = Double.NEGATIVE_INFINITY;
        for (int k = 0; k < 10; k++) {
            max = Math.max(max, logits[row * 10 + k]);
        }
        double[] p = new double[10];
        double sum = 0;
        for (int k = 0; k < 10; k++) {
            p[k] = Math.exp(logits[row * 10 + k] - max);
            sum += p[k];
        }
        for (int k = 0; k < 10; k++) {
            p[k] /= sum;
        }
        return p;
    }
}
