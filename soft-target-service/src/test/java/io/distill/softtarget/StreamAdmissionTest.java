package io.distill.softtarget;

import static io.distill.testkit.Problems.problem;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import io.distill.contract.events.ModelReadyBuilder;
import io.distill.contract.json.Json;
import io.distill.contract.metrics.TeacherMetrics;
import io.distill.contract.requests.Architecture;
import io.distill.contract.requests.Plan;
import io.distill.testkit.JobWaits;
import io.distill.testkit.KafkaBroker;
import io.distill.testkit.Postgres;
import io.distill.testkit.S3Server;
import io.distill.testkit.TinyTeachers;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * Admission control in soft-target-service: a set whose teachers, all loaded at once, this replica
 * cannot hold is refused when posted and recorded FAILED when a plan starts it, before any is fetched.
 */
@QuarkusTest
@WithTestResource(value = KafkaBroker.class, scope = TestResourceScope.MATCHING_RESOURCES)
@WithTestResource(value = Postgres.class, scope = TestResourceScope.MATCHING_RESOURCES)
@WithTestResource(value = S3Server.class, scope = TestResourceScope.MATCHING_RESOURCES)
class StreamAdmissionTest {

    private static final String OVER_LIMIT = "urn:distill:problem:over-limit";
    private static final String VALIDATION = "urn:distill:problem:validation";

    @Test
    void anEnsembleOfGiantTeachersIsRefusedByJobAndByModelsAndItsPlansSetIsRecordedFailed() throws Exception {
        // Four members of 1.9 billion parameters each: about 32 GiB once loaded. Announced only, never fetched.
        Architecture giant = Architecture.mlp(784, Collections.nCopies(8, 16_384), 10, 0.2, 0.5);
        Plan plan = Json.mapper().readValue("{\"transferSets\": [{\"name\": \"giant\", \"limit\": 10}]}", Plan.class);
        for (int m = 0; m < 4; m++) {
            TinyTeachers.send("fx-giant-" + m, ModelReadyBuilder.builder().modelId("fx-giant-" + m).kind("teacher")
                    .jobId("fx-giants").ensembleId("fx-giants").member(m).ensembleSize(4).dataset("mnist")
                    .architecture(giant).metrics(TeacherMetrics.testOnly(100, 10_000))
                    .artifactUri("http://127.0.0.1:9/fx-giant-" + m).sha256("0".repeat(64)).plan(plan)
                    .createdAt(Instant.now()).build());
        }

        JsonPath planned = JobWaits.awaitState("/transfer-sets/fx-giants-ts0", JobWaits.ENDED, Duration.ofSeconds(60));
        assertThat(planned.getString("state")).isEqualTo("FAILED");
        assertThat(planned.getString("error")).startsWith("teacherJobId: needs").contains("of native memory");

        problem(post("{\"teacherJobId\": \"fx-giants\", \"limit\": 10}"), 422, OVER_LIMIT, "/transfer-sets")
                .body("field", equalTo("teacherJobId"))
                .body("error", containsString("this replica allows one job"));
        problem(post("{\"teacherModelIds\": [\"fx-giant-0\", \"fx-giant-1\", \"fx-giant-2\", \"fx-giant-3\"]}"), 422,
                OVER_LIMIT, "/transfer-sets")
                .body("field", equalTo("teacherModelIds"));
    }

    @Test
    void moreTeachersThanAnEnsembleHasAre400NamingTeacherModelIds() {
        String ids = IntStream.range(0, 33).mapToObj(i -> "\"t-" + i + "\"").collect(Collectors.joining(","));

        problem(post("{\"teacherModelIds\": [" + ids + "]}"), 400, VALIDATION, "/transfer-sets")
                .body("field", equalTo("teacherModelIds"))
                .body("error", containsString("between 0 and 32"));
    }

    @Test
    void aTeacherIdOutsideTheIdAlphabetIs400NamingItsPlaceInTheList() {
        problem(post("{\"teacherModelIds\": [\"t-1\", \"t 2\"]}"), 400, VALIDATION, "/transfer-sets")
                .body("field", equalTo("teacherModelIds[1]"))
                .body("error", containsString("must be an id"));
        problem(post("{\"teacherJobId\": \"../t\"}"), 400, VALIDATION, "/transfer-sets")
                .body("field", equalTo("teacherJobId"));
    }

    private static Response post(String body) {
        return given().contentType("application/json").body(body).post("/transfer-sets");
    }
}
