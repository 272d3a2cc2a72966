package io.distill.teacher;

import static io.distill.testkit.Problems.problem;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.startsWith;

import io.distill.testkit.KafkaBroker;
import io.distill.testkit.Postgres;
import io.distill.testkit.S3Server;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Admission control on {@code POST /teachers}: a job this replica cannot hold, a list over its bound
 * and a request too long to travel in Kafka events are refused before anything is stored or queued.
 */
@QuarkusTest
@TestProfile(SmallTeacherProfile.class)
@WithTestResource(value = KafkaBroker.class, scope = TestResourceScope.MATCHING_RESOURCES)
@WithTestResource(value = Postgres.class, scope = TestResourceScope.MATCHING_RESOURCES)
@WithTestResource(value = S3Server.class, scope = TestResourceScope.MATCHING_RESOURCES)
class AdmissionTest {

    /** The request that took a replica down: about 1.9 billion weights a member, batches of 65,536. */
    private static final String PROBE = "{\"hidden\": [16384, 16384, 16384, 16384, 16384, 16384, 16384, 16384],"
            + " \"batchSize\": 65536, \"epochs\": 100000, \"ensembleSize\": 32}";
    /** Seventeen empty entries: one over the bound of transfer sets per plan and of ensembles per set. */
    private static final String SEVENTEEN = "{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{}";

    @Test
    void theProbesTeacherIs422NamingBatchSizeAndTheLimitQueuesNothingAndTheServiceStaysReadyForTheNextJob() {
        int before = jobs();

        problem(post(PROBE), 422, "urn:distill:problem:over-limit", "/teachers")
                .body("field", equalTo("batchSize"))
                .body("error", containsString("of native memory"))
                .body("error", containsString("this replica allows one job"))
                .body("errors.field", hasItems("batchSize", "hidden"));

        assertThat(jobs()).isEqualTo(before);
        given().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"));
        post("{\"epochs\": 1}").then().statusCode(202).body("state", equalTo("QUEUED"));
        assertThat(jobs()).isEqualTo(before + 1);
    }

    @Test
    void aPlanWithTenThousandStudentsIs400NamingItsStudentsAndTheBound() {
        String students = IntStream.range(0, 10_000).mapToObj(i -> "{}").collect(Collectors.joining(","));
        int before = jobs();

        problem(post("{\"epochs\": 1, \"plan\": {\"transferSets\": [{\"students\": [" + students + "]}]}}"), 400,
                "urn:distill:problem:validation", "/teachers")
                .body("field", equalTo("plan.transferSets[0].students"))
                .body("error", containsString("between 0 and 256"));
        assertThat(jobs()).isEqualTo(before);
    }

    @ParameterizedTest(name = "{1}")
    @CsvSource(delimiter = '|', value = {
        "{\"transferSets\": [" + SEVENTEEN + "]} | plan.transferSets | between 0 and 16",
        "{\"transferSets\": [{\"ensembles\": [" + SEVENTEEN + "]}]} | plan.transferSets[0].ensembles | between 0 and 16",
        "{\"transferSets\": [{\"omitClasses\": [1, 12]}]} | plan.transferSets[0].omitClasses[1]"
                + " | mnist has classes 0 to 9",
        "{\"transferSets\": [{\"students\": [{\"plan\": {\"transferSets\": [" + SEVENTEEN + "]}}]}]}"
                + " | plan.transferSets[0].students[0].plan.transferSets | between 0 and 16",
        "{\"transferSets\": [{\"students\": [{\"transferSetId\": \"../../etc\"}]}]}"
                + " | plan.transferSets[0].students[0].transferSetId | must be an id",
        "{\"transferSets\": [{\"ensembles\": [{\"generalistModelId\": \"a b\"}]}]}"
                + " | plan.transferSets[0].ensembles[0].generalistModelId | must be an id",
    })
    void aListOverItsBoundOrAnIdOutsideTheIdAlphabetAnywhereInThePlanIs400NamingIt(String plan, String field,
            String problem) {
        problem(post("{\"epochs\": 1, \"plan\": " + plan + "}"), 400, "urn:distill:problem:validation", "/teachers")
                .body("field", equalTo(field))
                .body("error", containsString(problem));
    }

    @Test
    void aPlanWithinEveryListBoundButLongerThan256KibOfJsonIs400NamingPlan() {
        // 16 sets of 256 students: each writes about 400 bytes of JSON once its absent fields are null.
        String students = IntStream.range(0, 256).mapToObj(i -> "{\"seed\": " + i + "}")
                .collect(Collectors.joining(","));
        String sets = IntStream.range(0, 16).mapToObj(i -> "{\"students\": [" + students + "]}")
                .collect(Collectors.joining(","));
        int before = jobs();

        problem(post("{\"epochs\": 1, \"plan\": {\"transferSets\": [" + sets + "]}}"), 400,
                "urn:distill:problem:validation", "/teachers")
                .body("field", equalTo("plan"))
                .body("error", startsWith("makes the request longer than 262,144 bytes (256 KiB)"));
        assertThat(jobs()).isEqualTo(before);
    }

    private static Response post(String body) {
        return given().contentType("application/json").body(body).post("/teachers");
    }

    private static int jobs() {
        return given().get("/teachers").then().statusCode(200).extract().jsonPath().getList("$").size();
    }
}
