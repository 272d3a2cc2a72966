package io.distill.testkit;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;

import io.restassured.path.json.JsonPath;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;

/** Waits on a service's jobs through its REST API, {@code GET /<root>/<id>}. */
public final class JobWaits {

    /** The states a job never leaves. */
    public static final Set<String> ENDED = Set.of("SUCCEEDED", "FAILED", "CANCELLED");

    private static final Duration POLL = Duration.ofMillis(200);

    private JobWaits() {}

    /**
     * Polls {@code path} (such as {@code /teachers/t-1}) until the job's state is one of {@code states}
     * and returns the job; after {@code timeout} fails with its last state and error.
     */
    public static JsonPath awaitState(String path, Set<String> states, Duration timeout) {
        AtomicReference<JsonPath> last = new AtomicReference<>();
        await().atMost(timeout).pollInterval(POLL).untilAsserted(() -> {
            JsonPath job = given().get(path).then().statusCode(200).extract().jsonPath();
            last.set(job);
            if (!states.contains(job.getString("state"))) {
                throw new AssertionError(path + " is " + job.getString("state") + ", waiting for " + states
                        + "; error: " + job.getString("error"));
            }
        });
        return last.get();
    }

    /** Waits for the job at {@code path} to end, and fails unless it succeeded, showing its error. */
    public static JsonPath awaitSuccess(String path, Duration timeout) {
        JsonPath job = awaitState(path, ENDED, timeout);
        if (!"SUCCEEDED".equals(job.getString("state"))) {
            throw new AssertionError(path + " ended " + job.getString("state") + ": " + job.getString("error"));
        }
        return job;
    }
}
