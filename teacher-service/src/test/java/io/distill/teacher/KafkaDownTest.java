package io.distill.teacher;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import io.distill.testkit.Postgres;
import io.distill.testkit.S3Server;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import io.restassured.config.HttpClientConfig;
import io.restassured.config.RestAssuredConfig;
import io.restassured.response.Response;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * With no broker at the bootstrap address, readiness says so at once: 503 naming Kafka and why,
 * not a minute's wait that a probe would only see as its own timeout.
 */
@QuarkusTest
@TestProfile(KafkaDownTest.NoBroker.class)
@WithTestResource(value = Postgres.class, scope = TestResourceScope.MATCHING_RESOURCES)
@WithTestResource(value = S3Server.class, scope = TestResourceScope.MATCHING_RESOURCES)
class KafkaDownTest {

    /**
     * A probe's client, which gives up after {@code seconds}: a readiness check that waited for Kafka
     * (a minute, by the admin client's default) would fail the request.
     */
    private static RestAssuredConfig probe(int seconds) {
        return RestAssured.config().httpClient(HttpClientConfig.httpClientConfig()
                .setParam("http.connection.timeout", seconds * 1000).setParam("http.socket.timeout", seconds * 1000));
    }

    /** Kafka's bootstrap address is a local port that nothing listens on. */
    public static class NoBroker implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("kafka.bootstrap.servers", "127.0.0.1:" + closedPort(),
                    "distill.store-dir", "target/test-store/" + UUID.randomUUID());
        }
    }

    @Test
    void readinessAnswers503NamingKafkaWellWithinAProbesTimeout() {
        // The first probe also loads the object store's and Kafka's clients, which takes seconds on a
        // busy machine, so it keeps the tests' 30 s client timeout; Quarkus' own Kafka check, waiting
        // a minute for the broker, failed it.
        ready(RestAssured.config());
        for (int i = 0; i < 3; i++) {
            ready(probe(4));
        }
    }

    @Test
    void livenessStaysUpWhileKafkaIsDown() {
        given().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));
    }

    private static void ready(RestAssuredConfig probe) {
        long start = System.nanoTime();
        Response ready = given().config(probe).get("/q/health/ready");
        // Not asserted (speed belongs in benchmarks); it shows in the test's output for the record.
        System.out.printf("KafkaDownTest: /q/health/ready answered %d in %d ms%n", ready.statusCode(),
                (System.nanoTime() - start) / 1_000_000);
        ready.then().statusCode(503)
                .body("status", equalTo("DOWN"))
                .body("checks.find { it.name == 'kafka' }.status", equalTo("DOWN"))
                .body("checks.find { it.name == 'kafka' }.data.error", containsString("Kafka did not describe"));
    }

    private static int closedPort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
