package io.distill.specialist;

import static io.distill.testkit.Problems.problem;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import io.distill.contract.events.ModelReadyBuilder;
import io.distill.contract.events.Topics;
import io.distill.contract.events.TransferSetManifestBuilder;
import io.distill.contract.events.TransferSetManifestFiltersBuilder;
import io.distill.contract.events.TransferSetState;
import io.distill.contract.metrics.TeacherMetrics;
import io.distill.contract.requests.Architecture;
import io.distill.testkit.KafkaBroker;
import io.distill.testkit.Postgres;
import io.distill.testkit.S3Server;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Admission control in specialist-service: an ensemble whose specialists (nets of the generalist's
 * shape, trained beside it) this replica cannot hold is refused before anything is read or queued.
 */
@QuarkusTest
@TestProfile(SmallEnsembleProfile.class)
@WithTestResource(value = KafkaBroker.class, scope = TestResourceScope.MATCHING_RESOURCES)
@WithTestResource(value = Postgres.class, scope = TestResourceScope.MATCHING_RESOURCES)
@WithTestResource(value = S3Server.class, scope = TestResourceScope.MATCHING_RESOURCES)
class EnsembleAdmissionTest {

    @Test
    void anEnsembleOfAGeneralistTooLargeForThisReplicaIs422NamingTheGeneralistAndQueuesNothing() throws Exception {
        // Announced only: a refused ensemble never downloads its generalist, so none need exist.
        Architecture giant = Architecture.mlp(784, Collections.nCopies(8, 16_384), 10, 0.2, 0.5);
        GeneralistFixture.send(Topics.TEACHER_MODELS, "fx-giant", ModelReadyBuilder.builder().modelId("fx-giant")
                .kind("teacher").jobId("fx-giant-job").member(0).ensembleSize(1).dataset("mnist").architecture(giant)
                .metrics(TeacherMetrics.testOnly(100, 10_000)).artifactUri("http://localhost:9/fx-giant")
                .sha256("0".repeat(64)).createdAt(Instant.now()).build());
        GeneralistFixture.send(Topics.TRANSFER_SETS, "fx-admission", TransferSetManifestBuilder.builder()
                .transferSetId("fx-admission").state(TransferSetState.COMPLETE).count(1_000)
                .classCounts(new int[] {100, 100, 100, 100, 100, 100, 100, 100, 100, 100})
                .teacherModelIds(List.of("fx-giant"))
                .filters(TransferSetManifestFiltersBuilder.builder().dataset("mnist").split("train")
                        .omitClasses(List.of()).onlyClasses(List.of()).limit(1_000).combine("arithmetic").copies(1)
                        .jitter(0).augmentSeed(1L).build())
                .topic(Topics.SOFT_TARGETS).offsets(Map.of("0", new long[] {0, 999})).generation(1).build());
        int before = jobs();

        problem(post("{\"generalistModelId\": \"fx-giant\", \"transferSetId\": \"fx-admission\"}"), 422,
                "urn:distill:problem:over-limit", "/ensembles")
                .body("field", equalTo("generalistModelId"))
                .body("error", containsString("1,892,188,170 parameters"))
                .body("error", containsString("this replica allows one job"));
        assertThat(jobs()).isEqualTo(before);
    }

    @Test
    void aGeneralistIdOutsideTheIdAlphabetIs400NamingIt() {
        problem(post("{\"generalistModelId\": \"a b\", \"transferSetId\": \"fx-admission\"}"), 400,
                "urn:distill:problem:validation", "/ensembles")
                .body("field", equalTo("generalistModelId"))
                .body("error", containsString("must be an id"));
    }

    private static Response post(String body) {
        return given().contentType("application/json").body(body).post("/ensembles");
    }

    private static int jobs() {
        return given().get("/ensembles").then().statusCode(200).extract().jsonPath().getList("$").size();
    }
}
