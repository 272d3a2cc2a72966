package io.distill.teacher;

import static io.restassured.RestAssured.given;

import io.distill.testkit.JobWaits;
import io.restassured.path.json.JsonPath;
import java.time.Duration;
import java.util.Set;

/** Creates and waits on teacher jobs through the REST API. */
final class Jobs {

    private Jobs() {}

    /** Waits until {@code GET /teachers/{id}} shows one of {@code states}; fails after {@code timeout}. */
    static JsonPath await(String id, Set<String> states, Duration timeout) {
        return JobWaits.awaitState("/teachers/" + id, states, timeout);
    }

    /** Posts a teacher request and returns the new job's id, checking the 202 and Location. */
    static String create(String body) {
        return given().contentType("application/json").body(body).post("/teachers")
                .then().statusCode(202).header("Location",
                        org.hamcrest.Matchers.matchesPattern("http://localhost:[0-9]+/teachers/t-[0-9a-f]{8}"))
                .extract().jsonPath().getString("id");
    }
}
