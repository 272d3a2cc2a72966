package io.distill.student;

import static io.distill.testkit.Problems.problem;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import io.distill.contract.events.Topics;
import io.distill.contract.events.TransferSetManifest;
import io.distill.contract.events.TransferSetManifestBuilder;
import io.distill.contract.events.TransferSetManifestFiltersBuilder;
import io.distill.contract.events.TransferSetState;
import io.distill.contract.json.Json;
import io.distill.contract.requests.StudentRequest;
import io.distill.contract.requests.TransferSetPlan;
import io.distill.testkit.JobWaits;
import io.distill.testkit.KafkaBroker;
import io.distill.testkit.Postgres;
import io.distill.testkit.S3Server;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Admission control in student-service: a student, or a transfer set, too large for this replica is
 * refused when posted and recorded FAILED when a plan starts it, before any of it is read or trained.
 */
@QuarkusTest
@TestProfile(SmallStudentProfile.class)
@WithTestResource(value = KafkaBroker.class, scope = TestResourceScope.MATCHING_RESOURCES)
@WithTestResource(value = Postgres.class, scope = TestResourceScope.MATCHING_RESOURCES)
@WithTestResource(value = S3Server.class, scope = TestResourceScope.MATCHING_RESOURCES)
class StudentAdmissionTest {

    private static final String OVER_LIMIT = "urn:distill:problem:over-limit";

    @Test
    void aStudentTooLargeForThisReplicaIs422NamingBatchSizeAndQueuesNothing() {
        int before = jobs();

        problem(post("{\"transferSetId\": \"fx-later\", \"waitForTransferSet\": true, \"batchSize\": 65536,"
                + " \"hidden\": [16384, 16384, 16384, 16384, 16384, 16384, 16384, 16384]}"), 422, OVER_LIMIT,
                "/students")
                .body("field", equalTo("batchSize"))
                .body("error", containsString("this replica allows one job"));
        assertThat(jobs()).isEqualTo(before);
    }

    @Test
    void aTransferSetTooLargeToReadIs422NamingItAndAPlanOnItRecordsItsStudentFailedWithTheReason()
            throws Exception {
        // Five million events would take about 10 GB of heap to read; the set need not exist to be refused.
        StudentRequest student = Json.mapper().readValue("{}", StudentRequest.class);
        TransferSetFixture.send(Topics.TRANSFER_SETS, "fx-huge", huge("fx-huge",
                new TransferSetPlan("huge", List.of(student), List.of())));

        JsonPath planned = JobWaits.awaitState("/students/fx-huge-s0", JobWaits.ENDED, Duration.ofSeconds(60));
        problem(post("{\"transferSetId\": \"fx-huge\"}"), 422, OVER_LIMIT, "/students")
                .body("field", equalTo("transferSetId"))
                .body("error", containsString("5,000,000 events"))
                .body("error", containsString("of Java heap"));

        assertThat(planned.getString("state")).isEqualTo("FAILED");
        assertThat(planned.getString("error")).startsWith("transferSetId: needs").contains("Java heap");
    }

    @Test
    void aTransferSetIdOutsideTheIdAlphabetIs400NamingIt() {
        problem(post("{\"transferSetId\": \"../sets\"}"), 400, "urn:distill:problem:validation", "/students")
                .body("field", equalTo("transferSetId"))
                .body("error", containsString("must be an id"));
    }

    private static TransferSetManifest huge(String id, TransferSetPlan plan) {
        int[] classCounts = new int[10];
        java.util.Arrays.fill(classCounts, 500_000);
        return TransferSetManifestBuilder.builder().transferSetId(id).state(TransferSetState.COMPLETE).count(5_000_000)
                .classCounts(classCounts).teacherModelIds(List.of("fixture-teacher"))
                .filters(TransferSetManifestFiltersBuilder.builder().dataset("mnist").split("train")
                        .omitClasses(List.of()).onlyClasses(List.of()).combine("arithmetic").copies(1).jitter(0)
                        .augmentSeed(1L).build())
                .topic(Topics.SOFT_TARGETS).offsets(Map.of("0", new long[] {0, 4_999_999})).plan(plan).generation(1)
                .build();
    }

    private static Response post(String body) {
        return given().contentType("application/json").body(body).post("/students");
    }

    private static int jobs() {
        return given().get("/students").then().statusCode(200).extract().jsonPath().getList("$").size();
    }
}
