package io.distill.specialist;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import io.distill.contract.events.ModelFormat;
import io.distill.contract.events.ModelReadyBuilder;
import io.distill.contract.events.SoftTarget;
import io.distill.contract.events.Topics;
import io.distill.contract.json.Json;
import io.distill.contract.metrics.TeacherMetrics;
import io.distill.contract.requests.InputForm;
import io.distill.core.artifact.Sha256;
import io.distill.core.data.ExampleSet;
import io.distill.core.eval.Evaluation;
import io.distill.testkit.JobWaits;
import io.distill.testkit.KafkaBroker;
import io.distill.testkit.Postgres;
import io.distill.testkit.S3Server;
import io.distill.testkit.TopicReader;
import io.distill.testkit.TopicWriter;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

@QuarkusTest
@TestProfile(SmallEnsembleProfile.class)
@WithTestResource(value = KafkaBroker.class, scope = TestResourceScope.MATCHING_RESOURCES)
@WithTestResource(value = Postgres.class, scope = TestResourceScope.MATCHING_RESOURCES)
@WithTestResource(value = S3Server.class, scope = TestResourceScope.MATCHING_RESOURCES)
class SpecialistServiceTest {

    /** A well-formed predict body, so that only the ensemble's id or state can refuse it. */
    private static final String ONE_BLANK_IMAGE =
            "{\"images\": [\"" + Base64.getEncoder().encodeToString(new byte[784]) + "\"]}";

    private static final Duration TRAINING = Duration.ofMinutes(8);
    private static final List<Integer> UPPER_BODY = List.of(0, 2, 4, 6);

    @Test
    void aFashionMnistEnsembleSucceedsWithAFullReportAnArtifactAndAnEnsembleReady() throws Exception {
        GeneralistFixture.Generalist g = GeneralistFixture.generalist("fashion-mnist");
        GeneralistFixture.publishTransferSet(g, "fx-fashion", 6_000, null);

        String id = create("{\"generalistModelId\": \"" + g.modelId() + "\", \"transferSetId\": \"fx-fashion\","
                + " \"specialists\": 2, \"maxClassesPerSpecialist\": 4, \"waitForInputs\": true}");
        JsonPath job = awaitSuccess(id);

        assertReportIsConsistent(job, g, 6_000);
        // An ensemble is no single graph: ONNX is refused, naming the parameter and why.
        given().get("/models/" + id + "/artifact?format=onnx").then().statusCode(400).body("field", equalTo("format"))
                .body("error", containsString("minimising a KL divergence for each example"));
        // The paper's specialists learn hard labels; the completed request says so under both names.
        assertThat(job.getString("request.mode")).isEqualTo("hard");
        assertThat(job.getBoolean("request.useSoftTargets")).isFalse();
        // No control unless asked for: none is trained, and the report says so.
        assertThat(job.getBoolean("request.control")).isFalse();
        assertThat(job.getList("children", String.class)).noneMatch(c -> c.endsWith("-control"));
        assertThat((Object) job.get("metrics.control")).isNull();
        assertThat(job.getList("metrics.byCoverage.controlCorrect")).containsOnlyNulls();
        // T-shirt, pullover, coat and shirt are what a Fashion-MNIST generalist confuses: a subset holds two or more.
        List<List<Integer>> subsets = subsets(job);
        assertThat(subsets).anySatisfy(s -> assertThat(s.stream().filter(UPPER_BODY::contains).count())
                .isGreaterThanOrEqualTo(2));

        List<TopicReader.Event> ready = TopicReader.read(Topics.SPECIALIST_ENSEMBLES, id::equals, e -> !e.isEmpty(),
                Duration.ofSeconds(30));
        assertThat(ready).hasSize(1);
        var event = ready.get(0).value();
        assertThat(event.path("generalistModelId").asText()).isEqualTo(g.modelId());
        assertThat(event.path("transferSetId").asText()).isEqualTo("fx-fashion");
        assertThat(Json.mapper().convertValue(event.path("subsets"), List.class)).isEqualTo(subsets);
        assertThat(event.path("metrics").path("ensembleTestErrors").asInt())
                .isEqualTo(job.getInt("metrics.ensembleTestErrors"));
        assertThat(event.path("artifactUri").asText()).endsWith("/models/" + id + "/artifact");

        Response artifact = given().get("/models/" + id + "/artifact");
        assertThat(artifact.statusCode()).isEqualTo(200);
        String checksum = Sha256.of(artifact.asByteArray());
        assertThat(artifact.header("X-Checksum-Sha256")).isEqualTo(checksum);
        assertThat(event.path("sha256").asText()).isEqualTo(checksum);
        given().get("/models/" + id).then().statusCode(200).body("kind", equalTo("specialist-ensemble"));

        assertPredictionsFollowTheGeneralistsTopClass(id, g, subsets);
    }

    @Test
    void aCompleteManifestWhosePlanListsAnEnsembleStartsItWithTheSetsTeacherAsGeneralistOnMnistWithSoftTargets()
            throws Exception {
        GeneralistFixture.Generalist g = GeneralistFixture.generalist("mnist");
        GeneralistFixture.publishTransferSet(g, "fx-mnist-plan", 5_000,
                Json.mapper().readTree("{\"ensembles\": [{\"specialists\": 2, \"maxClassesPerSpecialist\": 3,"
                        + " \"useSoftTargets\": true, \"temperature\": 4}]}"));

        String id = awaitJobFor("fx-mnist-plan");
        JsonPath job = awaitSuccess(id);

        assertThat(job.getString("request.generalistModelId")).isEqualTo(g.modelId());
        assertThat(job.getInt("request.maxClassesPerSpecialist")).isEqualTo(3);
        assertThat(job.getBoolean("request.useSoftTargets")).isTrue();
        assertThat(job.getString("request.mode")).isEqualTo("distill");
        assertReportIsConsistent(job, g, 5_000);
        System.out.printf("MNIST small ensemble: generalist %d errors, ensemble %d errors, subsets %s%n",
                job.getInt("metrics.generalistTestErrors"), job.getInt("metrics.ensembleTestErrors"), subsets(job));
    }

    @Test
    void badFieldsGet400NamingTheFieldAndUnknownIds404() throws Exception {
        post("{\"transferSetId\": \"x\"}", 400).body("field", equalTo("generalistModelId"));
        post("{\"generalistModelId\": \"g\"}", 400).body("field", equalTo("transferSetId"));
        post(body("\"specialists\": 0"), 400).body("field", equalTo("specialists"));
        post(body("\"temperature\": 0"), 400).body("field", equalTo("temperature"));
        post(body("\"epochs\": \"many\""), 400).body("field", equalTo("epochs"));
        post(body("\"colour\": \"blue\""), 400).body("field", equalTo("colour"));
        post(body("\"useSoftTargets\": true, \"softWeight\": 0"), 400).body("field", equalTo("softWeight"));
        post(body("\"mode\": \"distill\", \"softWeight\": 0"), 400).body("field", equalTo("softWeight"));
        post(body("\"mode\": \"soft\""), 400).body("field", equalTo("mode"))
                .body("error", containsString("use distill or hard"));
        post(body("\"mode\": \"dark\""), 400).body("field", equalTo("mode"));
        post(body("\"mode\": \"hard\", \"useSoftTargets\": true"), 400).body("field", equalTo("useSoftTargets"))
                .body("error", containsString("older name for mode"));

        post(body("\"specialists\": 2"), 404).body("error", containsString("g-unknown"));
        GeneralistFixture.Generalist g = GeneralistFixture.generalist("mnist");
        awaitKnown(g.modelId());
        post("{\"generalistModelId\": \"" + g.modelId() + "\", \"transferSetId\": \"ts-unknown\"}", 404)
                .body("error", containsString("ts-unknown"));
        // Class counts are the transfer set's data set's: MNIST's 10, once the set is known.
        GeneralistFixture.publishTransferSet(g, "ts-bounds", 20, null);
        String known = "{\"generalistModelId\": \"" + g.modelId() + "\", \"transferSetId\": \"ts-bounds\", ";
        post(known + "\"maxClassesPerSpecialist\": 10}", 400).body("field", equalTo("maxClassesPerSpecialist"))
                .body("error", containsString("dustbin"));
        post(known + "\"topN\": 11}", 400).body("field", equalTo("topN")).body("error", containsString("10 classes"));
        // A teacher imported as ONNX has no weights a specialist could start from.
        TopicWriter.send(Topics.TEACHER_MODELS, "ti-imported", ModelReadyBuilder.builder().modelId("ti-imported")
                .kind("teacher").jobId("ti-imported").ensembleId("ti-imported").dataset("mnist")
                .metrics(TeacherMetrics.testOnly(9000, 10000)).artifactUri("http://127.0.0.1:9/models/ti-imported"
                        + "/artifact?format=onnx").sha256("0".repeat(64)).createdAt(Instant.now())
                .format(ModelFormat.ONNX).input(InputForm.EXPORTED).artifactBytes(1_000L).build());
        awaitKnown("ti-imported");
        post("{\"generalistModelId\": \"ti-imported\", \"transferSetId\": \"ts-bounds\"}", 400)
                .body("field", equalTo("generalistModelId")).body("error", containsString("imported as ONNX"));
        given().get("/ensembles/e-nope").then().statusCode(404);
        given().contentType("application/json").body(ONE_BLANK_IMAGE).post("/ensembles/e-nope/predict")
                .then().statusCode(404);
        given().get("/models/e-nope").then().statusCode(404);
    }

    @Test
    void anEnsembleWaitingForItsInputsCanBeCancelledAndAnUnfinishedOneDoesNotPredict() throws Exception {
        String id = create("{\"generalistModelId\": \"g-later\", \"transferSetId\": \"ts-later\","
                + " \"waitForInputs\": true}");

        given().post("/ensembles/" + id + "/cancel").then().statusCode(200);

        JsonPath ended = JobWaits.awaitState("/ensembles/" + id, JobWaits.ENDED, Duration.ofSeconds(60));
        assertThat(ended.getString("state")).isEqualTo("CANCELLED");
        given().contentType("application/json").body(ONE_BLANK_IMAGE).post("/ensembles/" + id + "/predict")
                .then().statusCode(409);
    }

    @Test
    void poisonEventsGoToTheirDlqAndTheServiceStaysReady() throws Exception {
        GeneralistFixture.send(Topics.TEACHER_MODELS, "poison-teacher", "{not json");
        GeneralistFixture.send(Topics.STUDENT_MODELS, "poison-student", "{\"modelId\": \"s-x\"}");
        GeneralistFixture.send(Topics.TRANSFER_SETS, "poison-set", "{\"transferSetId\": 3");

        assertThat(TopicReader.read(Topics.dlq(Topics.TEACHER_MODELS), "poison-teacher"::equals, e -> !e.isEmpty(),
                Duration.ofSeconds(30))).hasSize(1);
        assertThat(TopicReader.read(Topics.dlq(Topics.STUDENT_MODELS), "poison-student"::equals, e -> !e.isEmpty(),
                Duration.ofSeconds(30))).hasSize(1);
        assertThat(TopicReader.read(Topics.dlq(Topics.TRANSFER_SETS), "poison-set"::equals, e -> !e.isEmpty(),
                Duration.ofSeconds(30))).hasSize(1);
        given().get("/q/health/ready").then().statusCode(200);
    }

    /** The invariants of a finished job's report, checked against the generalist's own test errors. */
    private static void assertReportIsConsistent(JsonPath job, GeneralistFixture.Generalist g, int setSize) {
        int total = job.getInt("metrics.testTotal");
        assertThat(total).isEqualTo(g.data().test().size());
        assertThat(job.getInt("metrics.generalistTestErrors")).isEqualTo(g.testErrors());
        int ensembleErrors = job.getInt("metrics.ensembleTestErrors");
        assertThat(ensembleErrors).isBetween(0, total);
        assertThat(job.getInt("metrics.trainExamples")).isEqualTo(setSize);

        List<List<Integer>> subsets = subsets(job);
        int cap = job.getInt("request.maxClassesPerSpecialist");
        assertThat(subsets).isNotEmpty().hasSizeLessThanOrEqualTo(job.getInt("request.specialists"))
                .allSatisfy(s -> assertThat(s).isNotEmpty().hasSizeLessThanOrEqualTo(cap).doesNotHaveDuplicates()
                        .allSatisfy(c -> assertThat(c).isBetween(0, 9)));
        Set<Integer> seen = new HashSet<>();
        subsets.forEach(s -> assertThat(seen.addAll(s)).as("subsets are disjoint with overlap 0").isTrue());

        List<Map<String, Object>> specialists = job.getList("metrics.specialists");
        assertThat(specialists).hasSameSizeAs(subsets);
        int[] testCounts = g.data().test().classCounts();
        for (int m = 0; m < subsets.size(); m++) {
            Map<String, Object> s = specialists.get(m);
            List<Integer> classes = subsets.get(m);
            assertThat(s.get("classes")).isEqualTo(classes);
            int inSubset = (Integer) s.get("subsetTrainExamples");
            int dustbin = (Integer) s.get("dustbinTrainExamples");
            assertThat(s.get("trainExamples")).isEqualTo(inSubset + dustbin);
            assertThat(dustbin).isEqualTo(Math.min(inSubset, setSize - inSubset));
            int expectedTest = classes.stream().mapToInt(c -> testCounts[c]).sum();
            assertThat(s.get("subsetTestExamples")).isEqualTo(expectedTest);
            assertThat(((Number) s.get("subsetTestAccuracy")).doubleValue())
                    .isCloseTo((double) (Integer) s.get("subsetTestCorrect") / expectedTest, within(1e-6))
                    .isBetween(0.0, 1.0);
            assertThat(((Number) s.get("oversamplingFactor")).doubleValue()).isGreaterThan(0);
            assertThat(((Number) s.get("dustbinLogitShift")).doubleValue())
                    .isCloseTo(Math.log(((Number) s.get("oversamplingFactor")).doubleValue()), within(1e-6));
        }

        List<Map<String, Object>> rows = job.getList("metrics.byCoverage");
        assertThat(rows.stream().mapToInt(r -> (Integer) r.get("examples")).sum()).isEqualTo(total);
        assertThat(rows.stream().mapToInt(r -> (Integer) r.get("generalistCorrect")).sum())
                .isEqualTo(total - g.testErrors());
        assertThat(rows.stream().mapToInt(r -> (Integer) r.get("ensembleCorrect")).sum())
                .isEqualTo(total - ensembleErrors);
        for (Map<String, Object> row : rows) {
            int k = (Integer) row.get("specialistsCovering");
            long covered = java.util.stream.IntStream.range(0, 10)
                    .filter(c -> subsets.stream().filter(s -> s.contains(c)).count() == k)
                    .mapToLong(c -> testCounts[c]).sum();
            assertThat(row.get("examples")).as("examples covered by %d specialists", k).isEqualTo((int) covered);
        }
        assertThat(job.getInt("metrics.combination.notConverged")).isZero();
    }

    /** Predictions carry distributions, and the active specialists are those holding the generalist's top class. */
    private static void assertPredictionsFollowTheGeneralistsTopClass(String id, GeneralistFixture.Generalist g,
            List<List<Integer>> subsets) {
        ExampleSet test = g.data().test();
        List<Object> images = new ArrayList<>();
        images.add(SoftTarget.encode(test.pixels(0)));
        images.add(SoftTarget.encode(test.pixels(1)));
        int[] pixels = new int[784];
        test.copyPixels(2, pixels);
        images.add(pixels);
        JsonPath answer = given().contentType("application/json").body(Map.of("images", images))
                .post("/ensembles/" + id + "/predict").then().statusCode(200).extract().jsonPath();

        List<Map<String, Object>> predictions = answer.getList("predictions");
        assertThat(predictions).hasSize(3);
        for (int i = 0; i < 3; i++) {
            Map<String, Object> p = predictions.get(i);
            int top = Evaluation.argMax(g.testLogits(), i * 10, 10);
            assertThat(p.get("generalistPredicted")).isEqualTo(top);
            double sum = ((List<?>) p.get("probabilities")).stream().mapToDouble(v -> ((Number) v).doubleValue()).sum();
            assertThat(sum).isCloseTo(1.0, within(1e-6));
            List<?> active = (List<?>) p.get("activeSpecialists");
            long expected = subsets.stream().filter(s -> s.contains(top)).count();
            assertThat(active).hasSize((int) expected);
            if (active.isEmpty()) {
                assertThat(p.get("predicted")).isEqualTo(top);
            }
        }
    }

    @SuppressWarnings("unchecked")
    private static List<List<Integer>> subsets(JsonPath job) {
        return (List<List<Integer>>) (List<?>) job.getList("metrics.subsets");
    }

    private static String body(String extra) {
        return "{\"generalistModelId\": \"g-unknown\", \"transferSetId\": \"ts-x\", " + extra + "}";
    }

    private static String create(String body) {
        return given().contentType("application/json").body(body).post("/ensembles")
                .then().statusCode(202).extract().jsonPath().getString("id");
    }

    private static io.restassured.response.ValidatableResponse post(String body, int status) {
        return given().contentType("application/json").body(body).post("/ensembles").then().statusCode(status);
    }

    /** Waits until the service has consumed the generalist's announcement (a POST without waiting is then 404-free). */
    private static void awaitKnown(String modelId) {
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(300)).untilAsserted(() -> {
            Response r = given().contentType("application/json")
                    .body("{\"generalistModelId\": \"" + modelId + "\", \"transferSetId\": \"ts-unknown\"}")
                    .post("/ensembles");
            // Now only the transfer set is unknown.
            assertThat(r.statusCode()).isEqualTo(404);
            assertThat(r.asString()).as("generalist %s known", modelId).contains("ts-unknown");
        });
    }

    /** The id of the ensemble job started for {@code transferSetId} by its manifest's plan. */
    private static String awaitJobFor(String transferSetId) {
        List<String> ids = await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(300))
                .until(() -> given().get("/ensembles").then().statusCode(200).extract().jsonPath()
                        .getList("findAll { it.request.transferSetId == '" + transferSetId + "' }.id", String.class),
                        found -> !found.isEmpty());
        assertThat(ids).hasSize(1);
        return ids.get(0);
    }

    private static JsonPath awaitSuccess(String id) {
        return JobWaits.awaitSuccess("/ensembles/" + id, TRAINING);
    }
}
