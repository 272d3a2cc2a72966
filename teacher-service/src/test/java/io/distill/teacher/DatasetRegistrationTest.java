package io.distill.teacher;

import static io.distill.testkit.Problems.problem;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import io.distill.contract.datasets.InputShape;
import io.distill.core.artifact.Sha256;
import io.distill.core.data.ExampleSet;
import io.distill.core.eval.Evaluation;
import io.distill.core.onnx.OnnxInference;
import io.distill.testkit.KafkaBroker;
import io.distill.testkit.Postgres;
import io.distill.testkit.S3Server;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import io.distill.testkit.JobWaits;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@code POST /datasets/upload} and {@code GET /datasets}: a CSV registered through REST, against the real
 * broker, database and object store; the same file again is the same set; a bad file registers nothing.
 */
@QuarkusTest
@TestProfile(SmallTeacherProfile.class)
@WithTestResource(value = KafkaBroker.class, scope = TestResourceScope.MATCHING_RESOURCES)
@WithTestResource(value = Postgres.class, scope = TestResourceScope.MATCHING_RESOURCES)
@WithTestResource(value = S3Server.class, scope = TestResourceScope.MATCHING_RESOURCES)
class DatasetRegistrationTest {

    @Test
    void aCsvUploadIsRegisteredAnnouncedAndServedAndTheSameFileAgainIsTheSameSet() {
        byte[] csv = table(60, "").getBytes(StandardCharsets.UTF_8);

        JsonPath first = upload("tiny-table", "table.csv", csv).then().statusCode(201)
                .header("Location", containsString("/datasets/ds-")).extract().jsonPath();
        String id = first.getString("datasetId");

        assertThat(first.getList("shape")).containsExactly(3);
        assertThat(first.getString("type")).isEqualTo("float32");
        assertThat(first.getList("classNames")).containsExactly("0", "1", "2");
        assertThat(first.getInt("splits.test")).isEqualTo(12);
        assertThat(first.getInt("splits.validation")).isEqualTo(4);
        assertThat(first.getInt("splits.train")).isEqualTo(44);
        assertThat(first.getString("validation")).isEqualTo("last-twelfth-of-train");
        assertThat(first.getString("scaling")).isEqualTo("minmax");
        assertThat(first.getString("files[0].sha256")).isEqualTo(Sha256.of(csv));
        upload("tiny-table", "table.csv", csv).then().statusCode(200).body("datasetId", equalTo(id));
        given().get("/datasets/tiny-table").then().statusCode(200).body("datasetId", equalTo(id));
        byte[] arrays = given().get("/datasets/" + id + "/arrays").then().statusCode(200).extract().asByteArray();
        assertThat(Sha256.of(arrays)).isEqualTo(first.getString("arraysSha256"));

        // Standardised, the same file is another set; unit scaling is for images only.
        JsonPath standard = upload("tiny-table", "table.csv", csv, "standard").then().statusCode(201).extract()
                .jsonPath();
        assertThat(standard.getString("scaling")).isEqualTo("standard");
        assertThat(standard.getString("datasetId")).isNotEqualTo(id);
        problem(upload("tiny-table", "table.csv", csv, "unit"), 400, "urn:distill:problem:validation",
                "/datasets/upload").body("errors[0].field", equalTo("scaling"))
                .body("errors[0].error", containsString("expected minmax or standard"));
        problem(upload("tiny-table", "table.csv", csv, "zscore"), 400, "urn:distill:problem:validation",
                "/datasets/upload").body("errors[0].field", equalTo("scaling"))
                .body("errors[0].error", containsString("is zscore, expected minmax or standard"));
    }

    @Test
    void aTeacherTrainsOnARegisteredTableAndRequestsAreCheckedAgainstItsShapeAndClasses() throws Exception {
        String id = upload("vectors", "vectors.csv", table(120, "").getBytes(StandardCharsets.UTF_8)).then()
                .statusCode(201).extract().jsonPath().getString("datasetId");

        problem(given().contentType("application/json").body("{\"dataset\": \"vectors\", \"jitter\": 2}")
                .post("/teachers"), 400, "urn:distill:problem:validation", "/teachers")
                .body("errors[0].field", equalTo("jitter")).body("errors[0].error", containsString("vectors of 3"));
        problem(given().contentType("application/json").body("{\"dataset\": \"vectors\", \"jitter\": 0, \"trainLimit\": null,"
                + " \"architecture\": {\"type\": \"cnn\", \"conv\": [{\"filters\": 4, \"kernel\": 3}]}}")
                .post("/teachers"), 400, "urn:distill:problem:validation", "/teachers")
                .body("errors[0].field", containsString("architecture"));
        problem(given().contentType("application/json").body("{\"dataset\": \"no-such-set\"}").post("/teachers"),
                400, "urn:distill:problem:validation", "/teachers").body("errors[0].field", equalTo("dataset"));

        problem(given().contentType("application/json").body("{\"dataset\": \"vectors\", \"jitter\": 0,"
                + " \"trainLimit\": 100}").post("/teachers"), 400, "urn:distill:problem:validation", "/teachers")
                .body("errors[0].field", equalTo("trainLimit")).body("errors[0].error", containsString("only 88"));

        // Named, the set is recorded by its id: the name may later name a newer registration.
        String job = Jobs.create("{\"dataset\": \"vectors\", \"jitter\": 0, \"hidden\": [8], \"epochs\": 2,"
                + " \"trainLimit\": null, \"maxNorm\": null, \"batchSize\": 10}");
        JsonPath done = JobWaits.awaitSuccess("/teachers/" + job, Duration.ofMinutes(2));
        assertThat(done.getString("request.dataset")).isEqualTo(id);
        String model = done.getString("modelIds[0]");

        JsonPath metadata = given().get("/models/" + model).then().statusCode(200).extract().jsonPath();
        assertThat(metadata.getList("architecture.input")).containsExactly(3);
        assertThat(metadata.getInt("architecture.outputs")).isEqualTo(3);
        assertThat(metadata.getInt("metrics.testTotal")).isEqualTo(24);
        assertThat(metadata.getString("dataset")).isEqualTo(id);

        // As ONNX the teacher scales raw features itself: ONNX Runtime on the CSV's own test rows (the last 24)
        // classifies each true class as the service did, cell for cell of the test confusion matrix.
        byte[] onnx = given().get("/models/" + model + "/artifact?format=onnx").then().statusCode(200).extract()
                .asByteArray();
        int rows = 24;
        float[] raw = new float[rows * 3];
        int[] labels = new int[rows];
        for (int r = 0; r < rows; r++) {
            int i = 120 - rows + r;
            raw[3 * r] = i % 7;
            raw[3 * r + 1] = i % 5;
            raw[3 * r + 2] = i * 0.5f;
            labels[r] = i % 3;
        }
        ExampleSet test = ExampleSet.float32("vectors-test", InputShape.vector(3), 3, raw, labels,
                ExampleSet.sequentialIds(rows));
        try (OnnxInference inference = new OnnxInference(onnx)) {
            assertThat(inference.properties()).containsEntry("distill.dataset", id)
                    .containsEntry("distill.class_names", "[\"0\",\"1\",\"2\"]");
            int[][] confusion = Evaluation.score(inference.logits(test, rows), test).confusion();
            assertThat(confusion).isDeepEqualTo(metadata.getList("metrics.confusionMatrix", List.class).stream()
                    .map(row -> ((List<?>) row).stream().mapToInt(v -> ((Number) v).intValue()).toArray())
                    .toArray(int[][]::new));
        }
    }

    @Test
    void aFileWithANanFeatureIsA400NamingTheFileAndRegistersNothing() {
        List<String> before = given().get("/datasets").then().statusCode(200).extract().jsonPath().getList("name");

        problem(upload("broken-table", "broken.csv", table(30, "NaN").getBytes(StandardCharsets.UTF_8)), 400,
                "urn:distill:problem:validation", "/datasets/upload")
                .body("errors[0].field", equalTo("source"))
                .body("errors[0].error", containsString("broken.csv"));
        problem(given().contentType("application/json").body("{\"name\": \"mnist\", \"format\": \"csv\","
                + " \"source\": {\"key\": \"x.csv\"}}").post("/datasets"), 400, "urn:distill:problem:validation",
                "/datasets").body("errors[0].field", equalTo("name"));
        assertThat(given().get("/datasets").then().extract().jsonPath().<String>getList("name"))
                .containsExactlyInAnyOrderElementsOf(before);
    }

    /** {@code rows} rows of three features and a label 0..2; the last row's first feature is {@code last}. */
    private static String table(int rows, String last) {
        StringBuilder csv = new StringBuilder("a,b,c,label\n");
        for (int i = 0; i < rows; i++) {
            String a = i == rows - 1 && !last.isEmpty() ? last : Integer.toString(i % 7);
            csv.append(a).append(',').append(i % 5).append(',').append(i * 0.5).append(',').append(i % 3).append('\n');
        }
        return csv.toString();
    }

    private static io.restassured.response.Response upload(String name, String file, byte[] body) {
        return upload(name, file, body, null);
    }

    private static io.restassured.response.Response upload(String name, String file, byte[] body, String scaling) {
        io.restassured.specification.RequestSpecification request = given().contentType("application/octet-stream")
                .queryParam("name", name).queryParam("format", "csv").queryParam("file", file);
        return (scaling == null ? request : request.queryParam("scaling", scaling)).body(body).post("/datasets/upload");
    }
}
