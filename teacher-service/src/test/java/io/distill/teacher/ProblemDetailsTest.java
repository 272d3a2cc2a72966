package io.distill.teacher;

import static io.distill.testkit.Problems.problem;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;

import io.distill.testkit.KafkaBroker;
import io.distill.testkit.Postgres;
import io.distill.testkit.S3Server;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import org.junit.jupiter.api.Test;

/**
 * Problems for what the services' request records will meet (Jackson binding errors with the JSON
 * path of the bad value, Bean Validation's violations) and for failures that must not show their
 * insides, on the test-only {@link ProblemProbes}. {@code ServiceEndpointsContract} covers the rest.
 */
@QuarkusTest
@WithTestResource(value = KafkaBroker.class, scope = TestResourceScope.MATCHING_RESOURCES)
@WithTestResource(value = Postgres.class, scope = TestResourceScope.MATCHING_RESOURCES)
@WithTestResource(value = S3Server.class, scope = TestResourceScope.MATCHING_RESOURCES)
class ProblemDetailsTest {

    private static final String VALIDATION = "urn:distill:problem:validation";

    @Test
    void anUnknownNestedFieldIsNamedByItsJsonPath() {
        bad("/bind-strict", "{\"plan\": {\"transferSets\": [{}, {\"students\": [{\"temperature\": 1, \"colour\": 2}]}]}}")
                .body("field", equalTo("plan.transferSets[1].students[0].colour"))
                .body("error", containsString("not a known field")).body("error", containsString("temperature"));
    }

    @Test
    void aValueOfTheWrongTypeIsNamedByItsJsonPath() {
        bad("/bind", "{\"plan\": {\"transferSets\": [{}, {\"students\": [{\"temperature\": \"hot\"}]}]}}")
                .body("field", equalTo("plan.transferSets[1].students[0].temperature"))
                .body("error", equalTo("is not a number"));
        bad("/bind", "{\"plan\": {\"transferSets\": [{\"students\": [{\"epochs\": [3]}]}]}}")
                .body("field", equalTo("plan.transferSets[0].students[0].epochs"))
                .body("error", containsString("a whole number"));
    }

    @Test
    void anUnknownChoiceListsTheChoicesAsTheClientWritesThem() {
        bad("/bind", "{\"plan\": {\"transferSets\": []}, \"choice\": \"rmsprop\"}")
                .body("field", equalTo("choice")).body("error", equalTo("is \"rmsprop\", expected one of \"sgd\", \"adam\""));
    }

    @Test
    void aRefusedNullIsNamedAndSoIsAnAbsentValueThatWouldBeNull() {
        bad("/bind", "{\"plan\": {\"transferSets\": []}, \"count\": null}")
                .body("field", equalTo("count")).body("error", containsString("null"));
        // Jackson gives a record's absent component null, which @JsonSetter(nulls = FAIL) refuses too.
        bad("/bind", "{\"plan\": {\"transferSets\": []}}").body("field", equalTo("count"));
    }

    @Test
    void aBodyThatIsNotAnObjectIsNamedBody() {
        bad("/bind", "[1, 2]").body("field", equalTo("body")).body("error", containsString("an object"));
    }

    @Test
    void everyViolationIsListedByItsPathWithinTheBodyAndTheFirstIsTheField() {
        bad("/bind", "{\"count\": 1, \"plan\": {\"transferSets\": [{}, {\"students\": [{\"temperature\": 0}, {\"temperature\": -1}]}]}}")
                .body("errors", hasSize(2))
                .body("errors[0].field", equalTo("plan.transferSets[1].students[0].temperature"))
                .body("errors[1].field", equalTo("plan.transferSets[1].students[1].temperature"))
                .body("errors[1].error", containsString("-1"))
                .body("field", equalTo("plan.transferSets[1].students[0].temperature"))
                .body("detail", containsString("plan.transferSets[1].students[1].temperature"));
        bad("/bind", "{\"count\": 1}").body("field", equalTo("plan")).body("error", containsString("null"));
    }

    @Test
    void aMissingBodyIsNamedBody() {
        bad("/bind", "").body("field", equalTo("body")).body("errors", hasSize(1));
    }

    @Test
    void anUnforeseenFailureIs500WithoutItsInsides() {
        problem(given().get("/test-problems/crash"), 500, "about:blank", "/test-problems/crash")
                .body("title", equalTo("Internal Server Error"))
                .body("detail", containsString("logged as error")).body(not(containsString("hunter2")));
    }

    @Test
    void aResourcesBareErrorAnswerGetsAProblemBody() {
        problem(given().get("/test-problems/unavailable"), 503, "about:blank", "/test-problems/unavailable")
                .body("title", equalTo("Service Unavailable"));
    }

    @Test
    void aFailedVertxRouteIsAProblemToo() {
        problem(given().get("/test-route/crash"), 500, "about:blank", "/test-route/crash")
                .body(not(containsString("hunter2")));
        problem(given().get("/test-route/unavailable"), 503, "about:blank", "/test-route/unavailable")
                .body("title", equalTo("Service Unavailable"));
    }

    private static ValidatableResponse bad(String path, String body) {
        return problem(
                given().contentType("application/json").body(body).post("/test-problems" + path),
                400, VALIDATION, "/test-problems" + path);
    }
}
