package io.distill.student;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import ai.djl.engine.Engine;
import com.fasterxml.jackson.databind.JsonNode;
import io.distill.contract.events.SoftTarget;
import io.distill.contract.events.SoftTargetBuilder;
import io.distill.contract.events.Topics;
import io.distill.contract.events.TransferSetManifest;
import io.distill.contract.json.Json;
import io.distill.contract.requests.ClassFilter;
import io.distill.core.artifact.ModelArtifact;
import io.distill.core.artifact.Sha256;
import io.distill.core.data.ExampleSet;
import io.distill.core.eval.BiasSearch;
import io.distill.core.eval.Evaluation;
import io.distill.core.eval.Inference;
import io.distill.core.model.Engines;
import io.distill.core.onnx.OnnxInference;
import io.distill.testkit.JobWaits;
import io.distill.testkit.KafkaBroker;
import io.distill.testkit.Postgres;
import io.distill.testkit.S3Server;
import io.distill.testkit.TopicReader;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

@QuarkusTest
@TestProfile(SmallStudentProfile.class)
@WithTestResource(value = KafkaBroker.class, scope = TestResourceScope.MATCHING_RESOURCES)
@WithTestResource(value = Postgres.class, scope = TestResourceScope.MATCHING_RESOURCES)
@WithTestResource(value = S3Server.class, scope = TestResourceScope.MATCHING_RESOURCES)
class StudentServiceTest {

    private static final Duration TRAINING = Duration.ofMinutes(4);

    @Test
    void aDistilledStudentBeatsTheHardBaselineOnAThousandLabelledImages() throws Exception {
        TransferSetFixture.publish("fx-1000", ClassFilter.ALL, 1_000, List.of());

        String hard = create("{\"transferSetId\": \"fx-1000\", \"mode\": \"hard\", \"waitForTransferSet\": true}");
        String distilled = create("{\"transferSetId\": \"fx-1000\", \"temperature\": 20, \"waitForTransferSet\": true}");
        JsonPath h = awaitSuccess(hard);
        JsonPath d = awaitSuccess(distilled);

        assertThat(h.getInt("metrics.testTotal")).isEqualTo(10_000);
        assertThat(h.getInt("metrics.trainExamples")).isEqualTo(1_000);
        assertThat(d.getInt("metrics.testErrors")).isLessThan(h.getInt("metrics.testErrors"));
        // A T=20 student converged: far better than chance.
        assertThat(d.getInt("metrics.testErrors")).isLessThan(2_000);
        List<TopicReader.Event> ready = TopicReader.read(Topics.STUDENT_MODELS, Set.of(hard, distilled)::contains,
                e -> e.size() >= 2, Duration.ofSeconds(30));
        assertThat(ready).hasSize(2).allSatisfy(e -> {
            assertThat(e.value().path("kind").asText()).isEqualTo("student");
            assertThat(e.value().path("artifactUri").asText()).endsWith("/models/" + e.key() + "/artifact");
        });
        assertTheOnnxExportScoresAsTheService(distilled, d.getInt("metrics.testErrors"));
    }

    /**
     * The student as ONNX, run by ONNX Runtime itself on the 10,000 test images: the service's own test errors,
     * and the logits of its DJL artifact within 1e-4.
     */
    private static void assertTheOnnxExportScoresAsTheService(String id, int testErrors) throws Exception {
        io.restassured.response.Response onnx = given().get("/models/" + id + "/artifact?format=onnx");
        assertThat(onnx.statusCode()).isEqualTo(200);
        byte[] bytes = onnx.asByteArray();
        assertThat(onnx.header("X-Checksum-Sha256")).isEqualTo(Sha256.of(bytes));
        assertThat(onnx.header("Content-Disposition")).contains(id + ".onnx");
        given().head("/models/" + id + "/artifact?format=onnx").then().statusCode(200)
                .header("X-Checksum-Sha256", Sha256.of(bytes)).header("Content-Length", String.valueOf(bytes.length));
        given().get("/models/" + id + "/artifact?format=tflite").then().statusCode(400)
                .body("field", equalTo("format")).body("error", containsString("expected djl or onnx"));

        ExampleSet test = TransferSetFixture.mnist().test();
        float[] ort;
        try (OnnxInference inference = new OnnxInference(bytes)) {
            assertThat(inference.properties()).containsEntry("distill.model_id", id).containsEntry("distill.kind", "student")
                    .containsEntry("distill.input_shape", "1x28x28");
            ort = inference.logits(test, 1_000);
        }
        assertThat(Evaluation.score(ort, test).errors()).isEqualTo(testErrors);

        Path dir = Files.createTempDirectory("student-onnx");
        Files.write(dir.resolve(ModelArtifact.PARAMETERS), given().get("/models/" + id + "/artifact").asByteArray());
        Files.writeString(dir.resolve(ModelArtifact.METADATA), given().get("/models/" + id).asString());
        Engine engine = Engines.engine(Engines.DEFAULT_ENGINE);
        try (ModelArtifact.Loaded loaded = ModelArtifact.load(dir, engine, engine.defaultDevice())) {
            float[] djl = Inference.logits(loaded.model().getBlock(), loaded.model().getNDManager(), test, 1_000);
            double largest = 0;
            for (int i = 0; i < djl.length; i++) {
                largest = Math.max(largest, Math.abs(djl[i] - ort[i]));
            }
            assertThat(largest).as("the largest difference from DJL's logits").isLessThan(1e-4);
        }
    }

    @Test
    void duplicatesCountOnceAndMalformedEventsGoToTheDlqWithoutBeingCounted() throws Exception {
        String set = "fx-dup";
        // Example 1 sent a second time, as a producer retry or a restarted stream would.
        SoftTarget duplicate = SoftTargetBuilder.builder().transferSetId(set).exampleId(1).copy(0)
                .label(TransferSetFixture.mnist().train().label(1))
                .logits(java.util.Arrays.copyOfRange(TransferSetFixture.teacherLogits(), 10, 20))
                .features(SoftTarget.encode(TransferSetFixture.mnist().train().pixels(1))).shape(new int[] {28, 28})
                .build();
        TransferSetFixture.publish(set, ClassFilter.ALL, 200, List.of(
                new ProducerRecord<>(Topics.SOFT_TARGETS, set + "/1", duplicate),
                new ProducerRecord<>(Topics.SOFT_TARGETS, set + "/999999", "{not json"),
                new ProducerRecord<>(Topics.SOFT_TARGETS, set + "/999998", "{\"transferSetId\": \"fx-dup\","
                        + " \"exampleId\": 999998, \"label\": 3, \"logits\": [1, 2], \"features\": \"\","
                        + " \"shape\": [28, 28]}")));

        JsonPath job = awaitSuccess(create("{\"transferSetId\": \"fx-dup\", \"mode\": \"hard\", \"epochs\": 2,"
                + " \"waitForTransferSet\": true}"));

        assertThat(job.getInt("metrics.trainExamples")).isEqualTo(200);
        assertThat(job.getInt("metrics.malformedEvents")).isEqualTo(2);
        List<TopicReader.Event> dead = TopicReader.read(Topics.dlq(Topics.SOFT_TARGETS),
                k -> k.startsWith(set + "/99999"), e -> e.size() >= 2, Duration.ofSeconds(30));
        assertThat(dead).extracting(TopicReader.Event::key).contains(set + "/999999", set + "/999998");
        assertThat(dead).allSatisfy(e -> assertThat(e.headers()).containsEntry("distill-rejected-by", "student-service"));
        given().get("/q/health/ready").then().statusCode(200);
    }

    @Test
    void aManifestDeliveredTwiceStartsEachPlannedStudentOnceAndABadEntryFailsAlone() throws Exception {
        String set = "fx-redeliver";
        JsonNode plan = Json.mapper().readTree("""
                {"students": [{"mode": "hard", "hidden": [32], "epochs": 1},
                              {"mode": "distill", "temperature": -1},
                              {"mode": "distill", "hidden": [32], "epochs": 1}]}""");
        TransferSetManifest manifest = TransferSetFixture.publish(set, ClassFilter.ALL, 300, List.of(), plan);
        // The same manifest again, as a redelivery after a crash or a rebalance would bring it.
        TransferSetFixture.send(Topics.TRANSFER_SETS, set, manifest);

        JsonPath first = JobWaits.awaitSuccess("/students/" + set + "-s0", Duration.ofMinutes(2));
        JsonPath third = JobWaits.awaitSuccess("/students/" + set + "-s2", Duration.ofMinutes(2));
        JsonPath bad = given().get("/students/" + set + "-s1").then().statusCode(200).extract().jsonPath();

        assertThat(bad.getString("state")).isEqualTo("FAILED");
        assertThat(bad.getString("error")).contains("temperature");
        assertThat(first.getInt("attempts")).isEqualTo(1);
        assertThat(third.getInt("attempts")).isEqualTo(1);
        TopicReader.read(Topics.TRANSFER_SETS, set::equals, e -> e.size() >= 2, Duration.ofSeconds(30));
        // Long enough for the second delivery to be handled: it must start no second copy of any student.
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            List<String> ids = given().get("/students").then().statusCode(200).extract().jsonPath().getList("id");
            assertThat(ids.stream().filter(id -> id.startsWith(set))).containsExactlyInAnyOrder(set + "-s0",
                    set + "-s1", set + "-s2");
        });
    }

    @Test
    void withTheThreesOmittedTheBiasFixChosenOnValidationLowersErrorsOnThrees() throws Exception {
        TransferSetFixture.publish("fx-no3", ClassFilter.of(List.of(3), null, 10), 3_000, List.of());

        JsonPath job = awaitSuccess(create("{\"transferSetId\": \"fx-no3\", \"biasAdjust\": \"auto\", \"epochs\": 15,"
                + " \"waitForTransferSet\": true}"));

        assertThat(job.getList("metrics.biasAdjustment.classes", Integer.class)).containsExactly(3);
        double bias = job.getDouble("metrics.biasAdjustment.bias");
        assertThat(bias).isPositive();
        assertThat(job.getInt("metrics.biasAdjustment.testErrorsOnMissingAfter"))
                .isLessThan(job.getInt("metrics.biasAdjustment.testErrorsOnMissingBefore"));
        assertThat(job.getInt("metrics.testErrors")).isEqualTo(job.getInt("metrics.biasAdjustment.testErrorsAfter"));

        // The bias is the validation split's choice: recomputed from the unadjusted model's validation logits.
        String id = job.getString("id");
        Path dir = Files.createTempDirectory("student");
        Files.write(dir.resolve(ModelArtifact.PARAMETERS), given().get("/models/" + id + "/artifact").asByteArray());
        Files.writeString(dir.resolve(ModelArtifact.METADATA), given().get("/models/" + id).asString());
        Engine engine = Engines.engine(Engines.DEFAULT_ENGINE);
        try (ModelArtifact.Loaded loaded = ModelArtifact.load(dir, engine, engine.defaultDevice())) {
            float[] adjusted = Inference.logits(loaded.model().getBlock(), loaded.model().getNDManager(),
                    TransferSetFixture.mnist().validation(), 1000);
            float[] raw = BiasSearch.apply(adjusted, 10, Set.of(3), -bias);
            assertThat(BiasSearch.choose(raw, TransferSetFixture.mnist().validation(), Set.of(3))).isEqualTo(bias);
        }
    }

    @Test
    void badParametersGet400AndAnUnknownTransferSet404() {
        post("{\"transferSetId\": \"x\", \"temperature\": 0}", 400).body("field", equalTo("temperature"));
        post("{\"transferSetId\": \"x\", \"softWeight\": -1}", 400).body("field", equalTo("softWeight"));
        post("{\"transferSetId\": \"x\", \"softWeight\": 0, \"hardWeight\": 0}", 400)
                .body("field", equalTo("softWeight")).body("error", containsString("both 0"));
        post("{\"transferSetId\": \"x\", \"mode\": \"dark\"}", 400).body("field", equalTo("mode"));
        post("{\"mode\": \"hard\"}", 400).body("field", equalTo("transferSetId"));
        post("{\"transferSetId\": \"ts-unknown\"}", 404).body("error", containsString("ts-unknown"));
        given().get("/students/s-nope").then().statusCode(404);
    }

    private static String create(String body) {
        return given().contentType("application/json").body(body).post("/students")
                .then().statusCode(202).extract().jsonPath().getString("id");
    }

    private static JsonPath awaitSuccess(String id) {
        return JobWaits.awaitSuccess("/students/" + id, TRAINING);
    }

    private static io.restassured.response.ValidatableResponse post(String body, int status) {
        return given().contentType("application/json").body(body).post("/students").then().statusCode(status);
    }
}
