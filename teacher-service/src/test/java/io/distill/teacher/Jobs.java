package io.distill.teacher;

import static io.restassured.RestAssured.given;

import io.restassured.path.json.JsonPath;
import java.time.Duration;
import java.util.Set;

/** Waits on teacher jobs through the REST API. */
final class Jobs {

    private Jobs() {}

    /** Polls {@code GET /teachers/{id}} until its state is one of {@code states}; fails after {@code timeout}. */
    static JsonPath await(String id, Set<String> states, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        JsonPath job;
        do {
            job = given().get("/teachers/" + id).then().statusCode(200).extract().jsonPath();
            if (states.contains(job.getString("state"))) {
                return job;
            }
            Thread.sleep(200);
        } while (System.nanoTime() < deadline);
        throw new AssertionError("Job " + id + " is still " + job.getString("state") + " after " + timeout
                + "; wanted " + states + ". Error: " + job.getString("error"));
    }

    /** Posts a teacher request and returns the new job's id, checking the 202 and Location. */
    static String create(String body) {
        return given().contentType("application/json").body(body).post("/teachers")
                .then().statusCode(202).header("Location",
                        org.hamcrest.Matchers.matchesPattern("http://localhost:[0-9]+/teachers/t-[0-9a-f]{8}"))
                .extract().jsonPath().getString("id");
    }
}
