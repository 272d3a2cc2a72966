package io.distill.testkit;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import org.junit.jupiter.api.Test;

/**
 * What every distill service serves, from the contract: health, OpenAPI and Prometheus metrics.
 * A service's test extends it and adds {@code @QuarkusTest}.
 */
public abstract class ServiceEndpointsContract {

    @Test
    void livenessIsUp() {
        given().when().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));
    }

    @Test
    void readinessIsUp() {
        given().when().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"));
    }

    @Test
    void servesItsOpenApiDocument() {
        given().when().get("/q/openapi").then().statusCode(200).body(containsString("openapi"));
    }

    @Test
    void servesPrometheusMetrics() {
        given().when().get("/q/metrics").then().statusCode(200).body(containsString("jvm_"));
    }

    @Test
    void exportsItsJobGaugesFromTheStartWithEveryState() {
        given().header("Accept", "text/plain;version=0.0.4").when().get("/q/metrics").then().statusCode(200)
                .body(containsString("distill_jobs{state=\"queued\""),
                        containsString("distill_jobs{state=\"running\""),
                        containsString("distill_jobs{state=\"succeeded\""),
                        containsString("distill_jobs{state=\"failed\""),
                        containsString("distill_jobs{state=\"cancelled\""),
                        containsString("distill_examples_per_second"), containsString("distill_epoch"),
                        containsString("distill_test_errors"));
    }
}
