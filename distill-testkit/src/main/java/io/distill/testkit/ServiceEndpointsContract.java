package io.distill.testkit;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;

import java.util.List;
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
        given().header("Accept", Promtool.TEXT_FORMAT).when().get("/q/metrics").then().statusCode(200)
                .body(containsString("distill_jobs{state=\"queued\""),
                        containsString("distill_jobs{state=\"running\""),
                        containsString("distill_jobs{state=\"succeeded\""),
                        containsString("distill_jobs{state=\"failed\""),
                        containsString("distill_jobs{state=\"cancelled\""),
                        containsString("distill_examples_per_second"), containsString("distill_epoch"),
                        containsString("distill_test_errors"));
    }

    @Test
    void itsOwnMetricsPassPromtoolsChecks() throws Exception {
        String exposition = given().header("Accept", Promtool.TEXT_FORMAT).when().get("/q/metrics")
                .then().statusCode(200).extract().asString();
        String ours = Promtool.families(exposition, "distill_");
        assertThat(ours, containsString("# TYPE distill_jobs gauge"));
        List<String> problems = Promtool.problems(ours);
        assertThat("promtool check metrics on the distill_* families:\n" + ours, problems, empty());
    }
}
