package io.distill.teacher;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.distill.core.artifact.ModelArtifact;
import io.distill.server.models.ModelStore;
import io.distill.server.security.TokenRoles;
import io.distill.testkit.AuthProfile;
import io.distill.testkit.KafkaBroker;
import io.distill.testkit.Postgres;
import io.distill.testkit.Promtool;
import io.distill.testkit.S3Server;
import io.distill.testkit.TinyTeachers;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The HTTP server metrics stay bounded however many junk paths callers try, and every endpoint keeps
 * its own series: refused requests are recorded under their route template or a single UNKNOWN or
 * NOT_FOUND, never under their raw path, so they cannot use up Micrometer's 100 uri values.
 */
@QuarkusTest
@TestProfile(AuthProfile.class)
@WithTestResource(value = KafkaBroker.class, scope = TestResourceScope.MATCHING_RESOURCES)
@WithTestResource(value = Postgres.class, scope = TestResourceScope.MATCHING_RESOURCES)
@WithTestResource(value = S3Server.class, scope = TestResourceScope.MATCHING_RESOURCES)
class HttpMetricsTest {

    private static final String REQUESTS = "http_server_requests_seconds_count{";

    @Inject
    ModelStore models;

    @Test
    void refusedRequestsToJunkPathsLeaveNoSeriesOfTheirOwnAndLaterEndpointsStillGetTheirs() throws Exception {
        for (int i = 1; i <= 110; i++) {
            assertThat(given().get("/junk-" + i).statusCode()).isEqualTo(404);
            assertThat(given().delete("/teachers/junk-" + i).statusCode()).isIn(401, 405);
        }
        for (int i = 1; i <= 10; i++) {
            assertThat(given().get("/teachers/junk-" + i).statusCode()).isEqualTo(401);
            assertThat(given().auth().oauth2(AuthProfile.ISSUER.token(TokenRoles.READ)).get("/teachers/junk-" + i)
                    .statusCode()).isEqualTo(404);
        }

        String modelId = "t-metrics-0";
        publishTinyModel(modelId);
        given().auth().oauth2(AuthProfile.ISSUER.token(TokenRoles.READ)).get("/models/" + modelId + "/artifact")
                .then().statusCode(200);
        String jobId = given().auth().oauth2(AuthProfile.ISSUER.token(TokenRoles.SUBMIT)).contentType("application/json")
                .body("{\"hidden\": [16], \"epochs\": 1, \"trainLimit\": 100}").post("/teachers")
                .then().statusCode(202).extract().jsonPath().getString("id");
        given().auth().oauth2(AuthProfile.ISSUER.token(TokenRoles.SUBMIT)).post("/teachers/" + jobId + "/cancel")
                .then().statusCode(200);

        List<String> series = given().header("Accept", Promtool.TEXT_FORMAT).get("/q/metrics").then().statusCode(200)
                .extract().asString().lines().filter(line -> line.startsWith(REQUESTS)).toList();
        assertThat(series).noneMatch(line -> line.contains("junk"));
        assertThat(series).anyMatch(line -> line.contains("uri=\"/models/{modelId}/artifact\"")
                && line.contains("status=\"200\""));
        assertThat(series).anyMatch(line -> line.contains("uri=\"/teachers/{id}/cancel\"")
                && line.contains("status=\"200\""));
        // The refused requests are still counted, under bounded uris.
        assertThat(series).anyMatch(line -> line.contains("uri=\"NOT_FOUND\"") && line.contains("method=\"GET\""));
        assertThat(series).anyMatch(line -> line.contains("uri=\"/teachers/{id}\"") && line.contains("status=\"404\""));
        assertThat(series).anyMatch(line -> line.contains("method=\"DELETE\"") && line.contains("uri=\"UNKNOWN\""));
    }

    /** A tiny untrained teacher, published to the object store as a trained one would be. */
    private void publishTinyModel(String modelId) throws Exception {
        Path tiny = TinyTeachers.create(modelId, 7);
        Path dir = models.dir(modelId);
        Files.createDirectories(dir);
        for (String file : List.of(ModelArtifact.PARAMETERS, ModelArtifact.METADATA)) {
            Files.copy(tiny.resolve(file), dir.resolve(file));
        }
        models.publish(modelId, null);
    }
}
