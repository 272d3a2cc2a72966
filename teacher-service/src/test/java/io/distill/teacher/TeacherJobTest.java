package io.distill.teacher;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.engine.Engine;
import com.fasterxml.jackson.databind.JsonNode;
import io.distill.contract.events.Topics;
import io.distill.contract.requests.DatasetNames;
import io.distill.core.artifact.ModelArtifact;
import io.distill.core.artifact.Sha256;
import io.distill.core.data.Datasets;
import io.distill.core.eval.Evaluation;
import io.distill.core.model.Engines;
import io.distill.core.onnx.OnnxInference;
import io.distill.testkit.KafkaBroker;
import io.distill.testkit.Postgres;
import io.distill.testkit.S3Server;
import io.distill.testkit.TopicReader;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

@QuarkusTest
@TestProfile(SmallTeacherProfile.class)
@WithTestResource(value = KafkaBroker.class, scope = TestResourceScope.MATCHING_RESOURCES)
@WithTestResource(value = Postgres.class, scope = TestResourceScope.MATCHING_RESOURCES)
@WithTestResource(value = S3Server.class, scope = TestResourceScope.MATCHING_RESOURCES)
class TeacherJobTest {

    private static final Duration TRAINING = Duration.ofMinutes(3);

    @Test
    void aSmallTeacherSucceedsAndPublishesProgressAModelAndAVerifiableArtifact() throws Exception {
        String id = Jobs.create("{}");
        JsonPath job = Jobs.await(id, Set.of("SUCCEEDED", "FAILED", "CANCELLED"), TRAINING);

        assertThat(job.getString("state")).as(job.getString("error")).isEqualTo("SUCCEEDED");
        int testErrors = job.getInt("metrics.testErrors");
        assertThat(job.getInt("metrics.testTotal")).isEqualTo(10_000);
        // One dropout epoch on 5,000 images: far from good, far better than chance (9,000).
        assertThat(testErrors).isBetween(1, 4_000);
        assertThat(job.getList("metrics.perClassErrors", Integer.class).stream().mapToInt(Integer::intValue).sum())
                .isEqualTo(testErrors);
        assertThat(job.getInt("metrics.validationErrors")).isBetween(0, 5_000);
        assertThat(job.getDouble("progress")).isEqualTo(1.0);
        List<String> modelIds = job.getList("modelIds", String.class);
        assertThat(modelIds).containsExactly(id + "-0");
        String modelId = modelIds.get(0);

        // The progress events: at least the epoch's, then the result.
        List<TopicReader.Event> progress = TopicReader.read(Topics.DISTILL_PROGRESS,
                ("teacher-service/" + id)::equals, events -> events.stream()
                        .anyMatch(e -> "SUCCEEDED".equals(e.value().path("state").asText())
                                && e.value().has("modelIds")), Duration.ofSeconds(30));
        assertThat(progress).anySatisfy(e -> {
            assertThat(e.value().path("epoch").asInt()).isEqualTo(1);
            assertThat(e.value().path("epochs").asInt()).isEqualTo(1);
            assertThat(e.value().path("examplesPerSecond").asDouble()).isPositive();
            assertThat(e.value().has("validationErrors")).isTrue();
        });

        // The learning curve, kept with the job: its one epoch, as the job recorded it.
        JsonPath epochs = given().get("/teachers/" + id + "/epochs").then().statusCode(200).extract().jsonPath();
        assertThat(epochs.getList("epoch", Integer.class)).containsExactly(1);
        assertThat(epochs.getInt("[0].epochs")).isEqualTo(1);
        assertThat(epochs.getDouble("[0].trainLoss")).isEqualTo(job.getDouble("trainLoss"));
        assertThat(epochs.getInt("[0].validationErrors")).isEqualTo(job.getInt("validationErrors"));
        assertThat(epochs.getInt("[0].validationTotal")).isEqualTo(5_000);
        assertThat(epochs.getDouble("[0].examplesPerSecond")).isPositive();
        assertThat(epochs.getDouble("[0].learningRate")).isPositive();
        assertThat(epochs.getInt("[0].attempt")).isEqualTo(job.getInt("attempts"));
        given().get("/teachers/t-nope/epochs").then().statusCode(404);

        // One ModelReady, agreeing with the job.
        List<TopicReader.Event> ready = TopicReader.read(Topics.TEACHER_MODELS, modelId::equals,
                events -> !events.isEmpty(), Duration.ofSeconds(30));
        assertThat(ready).hasSize(1);
        JsonNode event = ready.get(0).value();
        assertThat(event.path("metrics").path("testErrors").asInt()).isEqualTo(testErrors);
        assertThat(event.path("kind").asText()).isEqualTo("teacher");
        assertThat(event.path("ensembleId").asText()).isEqualTo(id);
        assertThat(event.path("architecture").path("hidden").get(0).asInt()).isEqualTo(64);
        assertThat(event.path("artifactUri").asText()).startsWith("http").endsWith("/models/" + modelId + "/artifact");

        // The service's own gauges saw the job.
        String prometheus = given().get("/q/metrics").then().statusCode(200).extract().asString();
        assertThat(prometheus).contains("distill_jobs{state=\"succeeded\"}").contains("distill_test_errors")
                .contains("distill_examples_per_second").contains("distill_epoch");

        // The artifact: its checksum matches the event and the header, and it scores the same.
        Response artifact = given().get("/models/" + modelId + "/artifact");
        artifact.then().statusCode(200);
        byte[] bytes = artifact.asByteArray();
        assertThat(Sha256.of(bytes)).isEqualTo(event.path("sha256").asText())
                .isEqualTo(artifact.getHeader("X-Checksum-Sha256"));
        // HTTP around it: the SHA-256 is the ETag, a matching If-None-Match gets 304, HEAD has the
        // length, and a Range is ignored rather than half-served.
        String etag = artifact.getHeader("ETag");
        assertThat(etag).isEqualTo("\"" + Sha256.of(bytes) + "\"");
        given().header("If-None-Match", etag).get("/models/" + modelId + "/artifact").then().statusCode(304);
        given().header("If-None-Match", "\"other\"").get("/models/" + modelId + "/artifact").then().statusCode(200);
        given().head("/models/" + modelId + "/artifact").then().statusCode(200)
                .header("Content-Length", String.valueOf(bytes.length)).header("ETag", etag);
        Response ranged = given().header("Range", "bytes=0-99").get("/models/" + modelId + "/artifact");
        assertThat(ranged.statusCode()).isEqualTo(200);
        assertThat(ranged.getHeader("Content-Range")).isNull();
        assertThat(ranged.asByteArray()).hasSize(bytes.length);
        String metadata = given().get("/models/" + modelId).then().statusCode(200).extract().asString();
        Path dir = Files.createTempDirectory("downloaded-teacher");
        Files.write(dir.resolve(ModelArtifact.PARAMETERS), bytes);
        Files.writeString(dir.resolve(ModelArtifact.METADATA), metadata);
        Engine engine = Engines.engine(Engines.DEFAULT_ENGINE);
        Datasets.Splits mnist = Datasets.load(Path.of(System.getenv("DISTILL_DATA_DIR")), DatasetNames.MNIST);
        try (ModelArtifact.Loaded loaded = ModelArtifact.load(dir, engine, engine.defaultDevice())) {
            int reloaded = Evaluation.evaluate(loaded.model().getBlock(), loaded.model().getNDManager(),
                    mnist.test(), 1000).errors();
            assertThat(reloaded).isEqualTo(testErrors);
        }
    }

    @Test
    void anEnsembleOfTwoPublishesTwoModelsSharingTheEnsembleIdWithDifferentParameters() throws Exception {
        String id = Jobs.create("{\"ensembleSize\": 2}");
        JsonPath job = Jobs.await(id, Set.of("SUCCEEDED", "FAILED", "CANCELLED"), TRAINING);

        assertThat(job.getString("state")).as(job.getString("error")).isEqualTo("SUCCEEDED");
        assertThat(job.getList("modelIds", String.class)).containsExactly(id + "-0", id + "-1");
        assertThat(job.getList("metrics.members")).hasSize(2);
        assertThat(job.getInt("metrics.testTotal")).isEqualTo(10_000);
        // The run's jobs, by filter and a page at a time: the ensemble's job, then its members.
        Response run = given().get("/teachers?run=" + id);
        assertThat(run.jsonPath().getList("id", String.class)).containsExactly(id, id + "-0", id + "-1");
        assertThat(run.getHeader("X-Total-Count")).isEqualTo("3");
        Response page = given().get("/teachers?run=" + id + "&kind=teacher-member&state=succeeded&limit=1&offset=1");
        assertThat(page.jsonPath().getList("id", String.class)).containsExactly(id + "-1");
        assertThat(page.getHeader("X-Total-Count")).isEqualTo("2");
        given().get("/teachers?state=finished").then().statusCode(400).body("field", org.hamcrest.Matchers
                .equalTo("state"));
        given().get("/teachers?kind=student").then().statusCode(400).body("field", org.hamcrest.Matchers
                .equalTo("kind")).body("error", org.hamcrest.Matchers.containsString("teacher-member"));
        given().get("/teachers?limit=0").then().statusCode(400).body("field", org.hamcrest.Matchers.equalTo("limit"));
        given().get("/teachers?offset=-1").then().statusCode(400).body("field", org.hamcrest.Matchers
                .equalTo("offset"));
        // The members train, each its own job with its own curve; the ensemble's job trains nothing itself.
        assertThat(given().get("/teachers/" + id + "/epochs").then().statusCode(200).extract().jsonPath()
                .getList("$")).isEmpty();
        for (String member : job.getList("children", String.class)) {
            assertThat(given().get("/teachers/" + member + "/epochs").then().statusCode(200).extract().jsonPath()
                    .getList("epoch", Integer.class)).containsExactly(1);
        }

        List<TopicReader.Event> ready = TopicReader.read(Topics.TEACHER_MODELS, k -> k.startsWith(id + "-"),
                events -> events.size() >= 2, Duration.ofSeconds(30));
        assertThat(ready).hasSize(2);
        assertThat(ready).allSatisfy(e -> {
            assertThat(e.value().path("ensembleId").asText()).isEqualTo(id);
            assertThat(e.value().path("ensembleSize").asInt()).isEqualTo(2);
        });
        assertThat(ready.stream().map(e -> e.value().path("member").asInt())).containsExactlyInAnyOrder(0, 1);
        assertThat(ready.get(0).value().path("sha256").asText())
                .isNotEqualTo(ready.get(1).value().path("sha256").asText());
        assertThat(IntStream.range(0, 2).mapToObj(i -> ready.get(i).value().path("modelId").asText()))
                .containsExactlyInAnyOrder(id + "-0", id + "-1");

        // Both models are listed as the ensemble job's, by run or by job, a page at a time.
        Response models = given().get("/models?run=" + id);
        assertThat(models.statusCode()).isEqualTo(200);
        assertThat(models.jsonPath().getList("modelId", String.class)).containsExactlyInAnyOrder(id + "-0", id + "-1");
        assertThat(models.jsonPath().getList("jobId", String.class)).containsOnly(id);
        assertThat(models.jsonPath().getList("kind", String.class)).containsOnly("teacher");
        assertThat(models.jsonPath().getList("metrics.testTotal", Integer.class)).containsOnly(10_000);
        assertThat(models.jsonPath().getList("artifactUri", String.class))
                .allSatisfy(uri -> assertThat(uri).endsWith("/artifact"));
        Response second = given().get("/models?job=" + id + "&dataset=mnist&limit=1&offset=1");
        assertThat(second.jsonPath().getList("modelId", String.class)).hasSize(1);
        assertThat(second.getHeader("X-Total-Count")).isEqualTo("2");
        assertThat(given().get("/models?run=" + id + "&kind=student").getHeader("X-Total-Count")).isEqualTo("0");
        given().get("/models?limit=1001").then().statusCode(400).body("field", org.hamcrest.Matchers.equalTo("limit"));

        // The ensemble as one ONNX graph, run by ONNX Runtime, scores as the job scored the ensemble.
        Response onnx = given().get("/teachers/" + id + "/artifact");
        assertThat(onnx.statusCode()).isEqualTo(200);
        byte[] bytes = onnx.asByteArray();
        assertThat(onnx.getHeader("X-Checksum-Sha256")).isEqualTo(Sha256.of(bytes));
        Datasets.Splits mnist = Datasets.load(Path.of(System.getenv("DISTILL_DATA_DIR")), DatasetNames.MNIST);
        try (OnnxInference ensemble = new OnnxInference(bytes)) {
            assertThat(ensemble.properties()).containsEntry("distill.kind", "teacher-ensemble")
                    .containsEntry("distill.combine", "arithmetic")
                    .containsEntry("distill.members", "[\"" + id + "-0\",\"" + id + "-1\"]");
            assertThat(Evaluation.score(ensemble.logits(mnist.test(), 1_000), mnist.test()).errors())
                    .isEqualTo(job.getInt("metrics.testErrors"));
        }
        byte[] geometric = given().get("/teachers/" + id + "/artifact?combine=geometric").then().statusCode(200)
                .extract().asByteArray();
        assertThat(geometric).isNotEqualTo(bytes);
        given().get("/teachers/" + id + "/artifact?combine=median").then().statusCode(400)
                .body("field", org.hamcrest.Matchers.equalTo("combine"));
        given().get("/teachers/" + id + "/artifact?format=djl").then().statusCode(400)
                .body("field", org.hamcrest.Matchers.equalTo("format"));
        given().get("/teachers/t-nope/artifact").then().statusCode(404);
    }

    @Test
    void aFinalTeacherTrainsOnTheValidationSplitTooAndHasNoValidationCurve() {
        String id = Jobs.create("{\"validationInTraining\": true, \"trainLimit\": null, \"epochs\": 1,"
                + " \"maxNorms\": [2.0, 4.0]}");
        JsonPath job = Jobs.await(id, Set.of("SUCCEEDED", "FAILED", "CANCELLED"), TRAINING);

        assertThat(job.getString("state")).as(job.getString("error")).isEqualTo("SUCCEEDED");
        assertThat(job.getString("metrics.validationErrors")).isNull();
        assertThat(job.getInt("metrics.testTotal")).isEqualTo(10_000);
        JsonPath epochs = given().get("/teachers/" + id + "/epochs").then().statusCode(200).extract().jsonPath();
        assertThat(epochs.getList("validationErrors")).containsExactly((Object) null);
        // All 60,000 training images: the 55,000 of the training split and the 5,000 of validation.
        JsonPath model = given().get("/models/" + id + "-0").then().statusCode(200).extract().jsonPath();
        assertThat(model.getString("hyperparameters.data.split")).isEqualTo("train+validation");
        assertThat(model.getInt("hyperparameters.data.examples")).isEqualTo(60_000);
        assertThat(model.getList("hyperparameters.optimisation.maxNorms", Float.class)).containsExactly(2.0f, 4.0f);
    }

    @Test
    void aRunIsItsTeacherJobAndTheJobsItsPlanStartsWithRolesAndLineage() {
        String id = Jobs.create("{\"epochs\": 1, \"trainLimit\": 100, \"plan\": {\"transferSets\": ["
                + "{\"name\": \"full\", \"students\": [{\"mode\": \"hard\", \"seed\": 1}, {\"temperature\": 20,"
                + " \"seed\": 1}], \"ensembles\": [{\"specialists\": 2, \"control\": true}]},"
                + " {\"name\": \"no-threes\", \"omitClasses\": [3], \"students\": [{\"biasAdjust\": \"auto\"}]}]}}");

        JsonPath run = given().get("/runs/" + id).then().statusCode(200).extract().jsonPath();
        assertThat(run.getString("id")).isEqualTo(id);
        assertThat(run.getString("dataset")).isEqualTo("mnist");
        assertThat(run.getList("jobs.id", String.class)).containsExactly(id, id + "-ts0", id + "-ts0-s0",
                id + "-ts0-s1", id + "-ts0-e0", id + "-ts1", id + "-ts1-s0");
        assertThat(run.getList("jobs.service", String.class)).containsExactly("teacher-service",
                "soft-target-service", "student-service", "student-service", "specialist-service",
                "soft-target-service", "student-service");
        assertThat(run.getList("jobs.role", String.class)).containsExactly("teacher", "transfer set full",
                "hard student, full, seed 1", "distilled T=20 student, full, seed 1", "specialists and control, full",
                "transfer set no-threes", "distilled student, no-threes, bias fix");
        assertThat(run.getList("jobs.parentId", String.class)).containsExactly(null, id, id + "-ts0", id + "-ts0",
                id + "-ts0", id, id + "-ts1");

        Response runs = given().get("/runs?limit=1000");
        assertThat(runs.jsonPath().getList("id", String.class)).contains(id);
        assertThat(Integer.parseInt(runs.getHeader("X-Total-Count"))).isEqualTo(runs.jsonPath().getList("id").size());
        given().get("/runs?state=never").then().statusCode(400).body("field", org.hamcrest.Matchers.equalTo("state"));
        given().get("/runs/t-nope").then().statusCode(404);
        Jobs.await(id, Set.of("SUCCEEDED", "FAILED", "CANCELLED"), TRAINING);
    }

    @Test
    void aSucceededTeacherIsReusedWithANewPlanWithoutTrainingAgain() {
        String source = Jobs.create("{\"epochs\": 1, \"trainLimit\": 100, \"seed\": 7}");
        JsonPath trained = Jobs.await(source, Set.of("SUCCEEDED", "FAILED", "CANCELLED"), TRAINING);
        assertThat(trained.getString("state")).as(trained.getString("error")).isEqualTo("SUCCEEDED");
        // Reuse takes the job's settings with its models: nothing else goes beside it.
        given().contentType("application/json").body("{\"reuse\": \"" + source + "\", \"epochs\": 3}")
                .post("/teachers").then().statusCode(400).body("field", org.hamcrest.Matchers.equalTo("epochs"));
        given().contentType("application/json").body("{\"reuse\": \"t-nope\"}").post("/teachers").then()
                .statusCode(400).body("field", org.hamcrest.Matchers.equalTo("reuse"));

        String id = Jobs.create("{\"reuse\": \"" + source + "\", \"plan\": {\"transferSets\": [{\"name\":"
                + " \"again\", \"limit\": 10, \"students\": [{\"mode\": \"hard\", \"seed\": 2}]}]}}");
        JsonPath job = Jobs.await(id, Set.of("SUCCEEDED", "FAILED", "CANCELLED"), TRAINING);

        assertThat(job.getString("state")).as(job.getString("error")).isEqualTo("SUCCEEDED");
        assertThat(job.getString("request.reuse")).isEqualTo(source);
        assertThat(job.getInt("request.seed")).isEqualTo(7);
        assertThat(job.getInt("request.trainLimit")).isEqualTo(100);
        assertThat(job.getString("request.plan.transferSets[0].name")).isEqualTo("again");
        assertThat(job.getInt("metrics.testErrors")).isEqualTo(trained.getInt("metrics.testErrors"));
        assertThat(job.getList("modelIds", String.class)).containsExactly(id + "-0");
        // Nothing trained: no epoch recorded; the same weights under the job's own model id.
        assertThat(given().get("/teachers/" + id + "/epochs").then().statusCode(200).extract().jsonPath()
                .getList("epoch")).isEmpty();
        byte[] copy = given().get("/models/" + id + "-0/artifact").then().statusCode(200).extract().asByteArray();
        byte[] original = given().get("/models/" + source + "-0/artifact").then().statusCode(200).extract()
                .asByteArray();
        assertThat(copy).isEqualTo(original);
        JsonPath model = given().get("/models/" + id + "-0").then().statusCode(200).extract().jsonPath();
        assertThat(model.getLong("seed")).isEqualTo(7);
        // Announced as this job's, with its plan, beside the reused job's own announcement.
        JsonNode event = TopicReader.read(Topics.TEACHER_MODELS, (id + "-0")::equals, events -> !events.isEmpty(),
                Duration.ofSeconds(30)).get(0).value();
        assertThat(event.path("ensembleId").asText()).isEqualTo(id);
        assertThat(event.path("sha256").asText()).isEqualTo(Sha256.of(original));
        assertThat(event.path("plan").path("transferSets").get(0).path("name").asText()).isEqualTo("again");
        assertThat(TopicReader.readAll(Topics.TEACHER_MODELS, (source + "-0")::equals)).hasSize(1);
    }

    @Test
    void aTeacherWhoseTestLossIsNotFiniteFailsNamingTheLossAndAnnouncesNoModel() {
        // One batch at a finite but enormous rate, with no max-norm to rein the weights in: the batch's
        // own loss is computed before its step and stays finite; the weights after it overflow.
        String id = Jobs.create("{\"trainLimit\": 100, \"batchSize\": 100, \"learningRate\": 1e30,"
                + " \"maxNorm\": null}");
        JsonPath job = Jobs.await(id, Set.of("SUCCEEDED", "FAILED", "CANCELLED"), TRAINING);

        assertThat(job.getString("state")).as(job.getString("error")).isEqualTo("FAILED");
        assertThat(job.getString("error")).contains("Model " + id + "-0 is not published: its testLoss is")
                .contains("diverged");
        assertThat(job.getList("modelIds")).isEmpty();
        // The job ended after any announcement it would have made, so the topic as it is now says it all.
        assertThat(TopicReader.readAll(Topics.TEACHER_MODELS, (id + "-0")::equals)).isEmpty();
        given().get("/models/" + id + "-0").then().statusCode(404);
    }

    @Test
    void cancellingARunningJobStopsIt() throws Exception {
        String id = Jobs.create("{\"epochs\": 200}");
        Jobs.await(id, Set.of("RUNNING"), Duration.ofSeconds(60));
        // A teacher is reused once it has succeeded.
        given().contentType("application/json").body("{\"reuse\": \"" + id + "\"}").post("/teachers").then()
                .statusCode(409).body("field", org.hamcrest.Matchers.equalTo("reuse"));

        given().post("/teachers/" + id + "/cancel").then().statusCode(200);
        JsonPath job = Jobs.await(id, Set.of("CANCELLED", "SUCCEEDED", "FAILED"), Duration.ofSeconds(60));

        assertThat(job.getString("state")).isEqualTo("CANCELLED");
        assertThat(job.getList("modelIds")).isEmpty();
    }

    @Test
    void cancellingAQueuedJobDropsItBeforeItStarts() throws Exception {
        String running = Jobs.create("{\"epochs\": 200}");
        String queued = Jobs.create("{}");

        JsonPath job = given().post("/teachers/" + queued + "/cancel").then().statusCode(200).extract().jsonPath();
        given().post("/teachers/" + running + "/cancel").then().statusCode(200);

        assertThat(job.getString("state")).isEqualTo("CANCELLED");
        Jobs.await(running, Set.of("CANCELLED", "SUCCEEDED", "FAILED"), Duration.ofSeconds(60));
        assertThat(given().get("/teachers/" + queued).then().extract().jsonPath().getString("state"))
                .isEqualTo("CANCELLED");
    }
}
