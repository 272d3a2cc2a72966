package io.distill.student;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.restassured.path.json.JsonPath;
import java.time.Duration;
import java.util.Set;

/** Waits for student jobs through the REST API. */
final class Students {

    private Students() {}

    /** Polls {@code GET /students/{id}} until the job ends, and asserts that it succeeded. */
    static JsonPath awaitSuccess(String id, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        JsonPath job;
        do {
            job = given().get("/students/" + id).then().statusCode(200).extract().jsonPath();
            if (Set.of("SUCCEEDED", "FAILED", "CANCELLED").contains(job.getString("state"))) {
                assertThat(job.getString("state")).as(job.getString("error")).isEqualTo("SUCCEEDED");
                return job;
            }
            Thread.sleep(300);
        } while (System.nanoTime() < deadline);
        throw new AssertionError("Student " + id + " is still " + job.getString("state"));
    }
}
