package io.distill.teacher;

import static io.distill.testkit.Problems.problem;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import io.distill.contract.events.Topics;
import io.distill.core.artifact.Sha256;
import io.distill.server.datasets.DatasetSources;
import io.distill.server.objects.ObjectStore;
import io.distill.testkit.JobWaits;
import io.distill.testkit.KafkaBroker;
import io.distill.testkit.Postgres;
import io.distill.testkit.S3Server;
import io.distill.testkit.TopicReader;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import io.restassured.path.json.JsonPath;
import jakarta.enterprise.inject.spi.CDI;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A teacher trained here, exported to ONNX and imported again as a teacher trained elsewhere: scored the same,
 * announced as format onnx, idempotent; and what does not fit its data set refused, naming what.
 */
@QuarkusTest
@TestProfile(SmallTeacherProfile.class)
@WithTestResource(value = KafkaBroker.class, scope = TestResourceScope.MATCHING_RESOURCES)
@WithTestResource(value = Postgres.class, scope = TestResourceScope.MATCHING_RESOURCES)
@WithTestResource(value = S3Server.class, scope = TestResourceScope.MATCHING_RESOURCES)
class TeacherImportTest {

    @Test
    void anExportedTeacherImportedAgainScoresAsTheOriginalAndIsAnnouncedAsOnnx() throws Exception {
        JsonPath job = JobWaits.awaitSuccess("/teachers/" + Jobs.create("{\"hidden\": [32], \"epochs\": 1}"),
                Duration.ofMinutes(3));
        String original = job.getString("modelIds[0]");
        byte[] onnx = given().get("/models/" + original + "/artifact?format=onnx").then().statusCode(200).extract()
                .asByteArray();

        JsonPath imported = upload(onnx, "dataset=mnist").then().statusCode(201)
                .header("Location", containsString("/models/ti-")).extract().jsonPath();
        String id = imported.getString("modelId");

        assertThat(imported.getString("format")).isEqualTo("onnx");
        assertThat(imported.getString("sha256")).isEqualTo(Sha256.of(onnx));
        assertThat(imported.getInt("metrics.testErrors")).isEqualTo(job.getInt("metrics.testErrors"));
        assertThat(imported.getInt("metrics.validationErrors")).isEqualTo(job.getInt("metrics.validationErrors"));
        upload(onnx, "dataset=mnist").then().statusCode(200).body("modelId", equalTo(id));
        given().get("/models/" + id + "/artifact?format=onnx").then().statusCode(200)
                .header("X-Checksum-Sha256", Sha256.of(onnx));
        given().get("/models/" + id + "/artifact").then().statusCode(400).body("field", equalTo("format"))
                .body("error", containsString("was imported as ONNX"));
        List<TopicReader.Event> ready = TopicReader.read(Topics.TEACHER_MODELS, id::equals, e -> !e.isEmpty(),
                Duration.ofSeconds(30));
        assertThat(ready.get(0).value().path("format").asText()).isEqualTo("onnx");
        assertThat(ready.get(0).value().path("input").path("layout").asText()).isEqualTo("nchw");
        assertThat(ready.get(0).value().path("artifactBytes").asLong()).isEqualTo(onnx.length);

        // From the bucket, in another input form (pixels divided by 255 first, which this model does itself
        // already): another teacher, scored as it now sees its examples.
        uploads().put("teachers/exported.onnx", onnx);
        JsonPath fromBucket = given().contentType("application/json").body("{\"source\": \"teachers/exported.onnx\","
                + " \"dataset\": \"mnist\", \"input\": {\"divisor\": 255}}").post("/teachers/imports").then()
                .statusCode(201).extract().jsonPath();
        assertThat(fromBucket.getString("modelId")).isNotEqualTo(id).startsWith("ti-");
        assertThat(fromBucket.getDouble("input.divisor")).isEqualTo(255.0);
        assertThat(fromBucket.getString("sha256")).isEqualTo(Sha256.of(onnx));
        given().contentType("application/json").body("{\"source\": \"teachers/missing.onnx\", \"dataset\":"
                + " \"mnist\"}").post("/teachers/imports").then().statusCode(400).body("field", equalTo("source"));

        // Every lit pixel divided into more than a float holds: outputs that are not finite.
        upload(onnx, "dataset=mnist&std=1e-38").then().statusCode(400).body("field", equalTo("outputs"))
                .body("error", containsString("must be finite"));
        // Its input is an image: a flat layout does not fit it.
        upload(onnx, "dataset=mnist&layout=flat").then().statusCode(400).body("field", equalTo("layout"));
    }

    @Test
    void aModelThatDoesNotFitIsRefusedNamingWhatAndImportsNothing() throws Exception {
        problem(upload(new byte[] {1, 2, 3}, "dataset=mnist"), 400, "urn:distill:problem:validation",
                "/teachers/imports/upload").body("errors[0].field", equalTo("file"));
        problem(upload(new byte[] {1, 2, 3}, "dataset=no-such-set"), 400, "urn:distill:problem:validation",
                "/teachers/imports/upload").body("errors[0].field", equalTo("dataset"));
        problem(upload(new byte[] {1, 2, 3}, "dataset=mnist&layout=sideways"), 400, "urn:distill:problem:validation",
                "/teachers/imports/upload").body("errors[0].field", equalTo("layout"));
        // Past the service's request size limit (64 MiB): refused from its Content-Length, before a byte is read.
        assertThat(headersOnly("/teachers/imports/upload?dataset=mnist", (64L << 20) + 1))
                .startsWith("HTTP/1.1 413").contains("application/problem+json").contains("at most 67108864 bytes");
    }

    /** The answer to a POST whose headers announce {@code length} bytes of body that never come. */
    private static String headersOnly(String path, long length) throws IOException {
        try (Socket socket = new Socket("localhost", RestAssured.port)) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(("POST " + path + " HTTP/1.1\r\nHost: localhost\r\nContent-Type:"
                    + " application/octet-stream\r\nContent-Length: " + length + "\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            ByteArrayOutputStream answer = new ByteArrayOutputStream();
            try {
                socket.getInputStream().transferTo(answer);
            } catch (SocketTimeoutException e) {
                // The service kept the connection open: what came is the answer.
            }
            return answer.toString(StandardCharsets.UTF_8);
        }
    }

    private static ObjectStore uploads() {
        return CDI.current().select(ObjectStore.class).get().under(DatasetSources.UPLOADS);
    }

    private static io.restassured.response.Response upload(byte[] onnx, String query) {
        return given().contentType("application/octet-stream").body(onnx).post("/teachers/imports/upload?" + query);
    }
}
