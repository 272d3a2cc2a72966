package io.distill.testkit;

import static io.distill.testkit.Problems.problem;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.emptyOrNullString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.not;

import io.quarkus.runtime.configuration.MemorySizeConverter;
import io.restassured.config.HttpClientConfig;
import io.restassured.config.RestAssuredConfig;
import java.util.List;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

/**
 * What every distill service serves, from the contract: health, OpenAPI, Prometheus metrics, and
 * an RFC 9457 problem for every error, whether the application or the framework finds it.
 * A service's test extends it, adds {@code @QuarkusTest} and names its jobs' path.
 */
public abstract class ServiceEndpointsContract {

    private static final String UNKNOWN_ID = "urn:distill:problem:unknown-id";

    /** The service's jobs, such as {@code /teachers}: POST takes a JSON body, GET lists them. */
    protected abstract String jobsPath();

    @Test
    void livenessIsUp() {
        given().when().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));
    }

    @Test
    void readinessIsUp() {
        given().when().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"))
                // Tests run without tokens (AccessContract turns them on), and readiness says so.
                .body("checks.find { it.name == 'auth' }.data.mode", equalTo("off"));
    }

    @Test
    void servesItsOpenApiDocument() {
        given().when().get("/q/openapi").then().statusCode(200).body(containsString("openapi"));
    }

    @Test
    void itsOpenApiDocumentDeclaresTheProblemAnswersAndTags() {
        String root = jobsPath().substring(1);
        given().accept("application/json").when().get("/q/openapi?format=json").then().statusCode(200)
                .body("components.schemas.Problem.required", hasItems("type", "title", "status"))
                .body("components.responses.ServerError.content.'application/problem+json'.schema.'$ref'",
                        equalTo("#/components/schemas/Problem"))
                .body("paths.'" + jobsPath() + "'.post.responses.'400'.'$ref'", equalTo("#/components/responses/BadRequest"))
                .body("paths.'" + jobsPath() + "'.post.responses.'415'.'$ref'",
                        equalTo("#/components/responses/UnsupportedMediaType"))
                .body("paths.'" + jobsPath() + "/{id}'.get.responses.'404'.'$ref'", equalTo("#/components/responses/NotFound"))
                .body("paths.'" + jobsPath() + "'.get.tags", hasItems(root))
                .body("components.securitySchemes.bearer.scheme", equalTo("bearer"))
                .body("security.bearer", hasItems(empty()))
                .body("paths.'" + jobsPath() + "'.post.responses.'401'.'$ref'", equalTo("#/components/responses/Unauthorized"))
                .body("paths.'" + jobsPath() + "'.post.responses.'403'.'$ref'", equalTo("#/components/responses/Forbidden"))
                .body("tags.find { it.name == '" + root + "' }.description", not(emptyOrNullString()));
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

    // ---- Errors: application/problem+json, from the application and the framework alike ----------

    @Test
    void aBodyThatIsNotJsonGets400InvalidJsonNamingTheBody() {
        problem(given().contentType("application/json").body("{\"epochs\": 1,").post(jobsPath()),
                400, "urn:distill:problem:invalid-json", jobsPath())
                .body("field", equalTo("body")).body("error", containsString("valid JSON"))
                .body("errors[0].field", equalTo("body"));
    }

    @Test
    void anUnknownFieldGets400ValidationNamingIt() {
        problem(given().contentType("application/json").body("{\"colour\": \"blue\"}").post(jobsPath()),
                400, "urn:distill:problem:validation", jobsPath())
                .body("field", equalTo("colour")).body("error", containsString("not a known field"))
                .body("errors[0].field", equalTo("colour")).body("detail", containsString("colour"));
    }

    @Test
    void anUnknownJobIdGets404UnknownId() {
        problem(given().get(jobsPath() + "/no-such-job"), 404, "urn:distill:problem:unknown-id", jobsPath() + "/no-such-job")
                .body("detail", containsString("no-such-job"));
    }

    @Test
    void aJobIdWithANulByteGets404NamingItEscaped() {
        assertNulIdGets404("GET", jobsPath() + "/", "");
        assertNulIdGets404("POST", jobsPath() + "/", "/cancel");
    }

    @Test
    void aJobIdOverTheLengthLimitGets404ShowingOnlyItsStart() {
        assertLongIdGets404("GET", jobsPath() + "/", "");
        assertLongIdGets404("POST", jobsPath() + "/", "/cancel");
    }

    /** {@code method prefix + "x%00y" + suffix} gets 404 unknown-id, whose detail shows the NUL escaped. */
    protected static void assertNulIdGets404(String method, String prefix, String suffix) {
        String path = prefix + "x%00y" + suffix;
        problem(given().urlEncodingEnabled(false).request(method, path), 404, UNKNOWN_ID, path)
                .body("detail", containsString("\"x\\u0000y\"")).body("detail", not(containsString("\u0000")));
    }

    /** {@code method prefix + 300 characters + suffix} gets 404 unknown-id, quoting only 40 of them and the length. */
    protected static void assertLongIdGets404(String method, String prefix, String suffix) {
        String path = prefix + "a".repeat(300) + suffix;
        problem(given().request(method, path), 404, UNKNOWN_ID, path)
                .body("detail", containsString("\"" + "a".repeat(40) + "\"... (300 characters)"))
                .body("detail", not(containsString("a".repeat(41))));
    }

    @Test
    void aPathWithNoResourceGets404() {
        problem(given().get("/no-such-resource"), 404, "about:blank", "/no-such-resource").body("title", equalTo("Not Found"));
        problem(given().get(jobsPath() + "/a/b/c"), 404, "about:blank", jobsPath() + "/a/b/c");
        problem(given().get("/q/no-such-endpoint"), 404, "about:blank", "/q/no-such-endpoint");
    }

    @Test
    void aMethodTheResourceDoesNotTakeGets405WithAllow() {
        problem(given().delete(jobsPath()), 405, "about:blank", jobsPath())
                .header("Allow", containsString("POST")).body("detail", containsString("DELETE"));
    }

    @Test
    void anAcceptTheResourceCannotAnswerGets406() {
        problem(given().accept("text/csv").get(jobsPath()), 406, "about:blank", jobsPath())
                .body("detail", containsString("text/csv"));
    }

    @Test
    void aBodyOverTheSizeLimitGets413() {
        String limit = ConfigProvider.getConfig().getValue("quarkus.http.limits.max-body-size", String.class);
        int size = new MemorySizeConverter().convert(limit).asBigInteger().intValueExact() + 1;
        String body = "{\"x\": \"" + "a".repeat(size) + "\"}";
        // The client waits for the answer to its headers before it sends the body, which the service refuses unread.
        var waitForContinue = RestAssuredConfig.config().httpClient(HttpClientConfig.httpClientConfig()
                .setParam("http.protocol.expect-continue", true));
        problem(given().config(waitForContinue).contentType("application/json").body(body).post(jobsPath()),
                413, "about:blank", jobsPath())
                .body("detail", containsString(String.valueOf(size - 1)));
    }
}
