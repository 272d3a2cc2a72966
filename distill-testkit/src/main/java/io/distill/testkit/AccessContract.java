package io.distill.testkit;

import static io.distill.testkit.Problems.problem;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

import io.distill.service.security.Roles;
import io.distill.service.security.ServiceTokens;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

/**
 * Who may do what on a service running with bearer tokens ({@link AuthProfile}): a service's test
 * extends it, with {@code @TestProfile(AuthProfile.class)}, naming its jobs' path.
 */
public abstract class AccessContract {

    private static final String ABOUT_BLANK = "about:blank";

    @Inject
    ServiceTokens serviceTokens;

    /** The service's jobs resource, such as {@code /teachers}. */
    protected abstract String jobsPath();

    private static RequestSpecification as(String... roles) {
        return given().auth().oauth2(AuthProfile.ISSUER.token(roles));
    }

    @Test
    void aRequestWithoutATokenGets401AsAProblemWithABearerChallenge() {
        problem(given().get(jobsPath()), 401, ABOUT_BLANK, jobsPath())
                .header("WWW-Authenticate", startsWith("Bearer"))
                .body("detail", containsString("bearer token"));
        problem(given().contentType("application/json").body("{}").post(jobsPath()), 401, ABOUT_BLANK, jobsPath());
    }

    @Test
    void aTokenFromAnotherIssuerOrExpiredOrMalformedGets401() {
        String foreign = new TestIssuer().token(Roles.READ);
        problem(given().auth().oauth2(foreign).get(jobsPath()), 401, ABOUT_BLANK, jobsPath())
                .header("WWW-Authenticate", containsString("invalid_token"));
        problem(given().auth().oauth2(AuthProfile.ISSUER.expiredToken(Roles.READ)).get(jobsPath()), 401,
                ABOUT_BLANK, jobsPath());
        problem(given().auth().oauth2("not.a.token").get(jobsPath()), 401, ABOUT_BLANK, jobsPath());
    }

    @Test
    void theReadRoleMayReadButNotSubmitOrCancel() {
        as(Roles.READ).get(jobsPath()).then().statusCode(200);
        as(Roles.READ).get(jobsPath() + "/no-such-job").then().statusCode(404);
        problem(as(Roles.READ).contentType("application/json").body("{}").post(jobsPath()), 403, ABOUT_BLANK,
                jobsPath()).body("detail", containsString(Roles.SUBMIT));
        problem(as(Roles.READ).post(jobsPath() + "/no-such-job/cancel"), 403, ABOUT_BLANK,
                jobsPath() + "/no-such-job/cancel");
    }

    @Test
    void theSubmitRoleMaySubmitAndCancelButNotRead() {
        // Past the access check, the body's own error comes back: the token was accepted.
        as(Roles.SUBMIT).contentType("application/json").body("{\"noSuchField\": 1}").post(jobsPath())
                .then().statusCode(400).body("field", equalTo("noSuchField"));
        as(Roles.SUBMIT).post(jobsPath() + "/no-such-job/cancel").then().statusCode(404);
        problem(as(Roles.SUBMIT).get(jobsPath()), 403, ABOUT_BLANK, jobsPath())
                .body("detail", containsString(Roles.READ));
    }

    @Test
    void healthMetricsAndTheApiDescriptionStayOpen() {
        given().get("/q/health/ready").then().statusCode(200)
                .body("checks.find { it.name == 'auth' }.data.mode", equalTo("jwt"));
        given().get("/q/health/live").then().statusCode(200);
        given().get("/q/metrics").then().statusCode(200);
        given().get("/q/openapi").then().statusCode(200);
    }

    @Test
    void theServiceOwnTokenMayDownloadButNotSubmit() {
        String token = serviceTokens.authorization().orElseThrow().substring("Bearer ".length());
        given().auth().oauth2(token).get("/models/no-such-model").then().statusCode(404);
        problem(given().auth().oauth2(token).contentType("application/json").body("{}").post(jobsPath()), 403,
                ABOUT_BLANK, jobsPath());
    }
}
