package io.distill.testkit;

import static io.distill.testkit.Problems.problem;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

import io.distill.server.security.ServiceTokens;
import io.distill.server.security.TokenRoles;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/**
 * Who may do what on a service running with bearer tokens ({@link AuthProfile}): a service's test
 * extends it, with {@code @TestProfile(AuthProfile.class)}, naming its jobs' path.
 */
public abstract class AccessContract {

    private static final String ABOUT_BLANK = "about:blank";

    @Inject
    ServiceTokens serviceTokens;

    @Inject
    @ConfigProperty(name = "quarkus.application.name")
    String service;

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
        String foreign = new TestIssuer().token(TokenRoles.READ);
        problem(given().auth().oauth2(foreign).get(jobsPath()), 401, ABOUT_BLANK, jobsPath())
                .header("WWW-Authenticate", containsString("invalid_token"));
        problem(given().auth().oauth2(AuthProfile.ISSUER.expiredToken(TokenRoles.READ)).get(jobsPath()), 401,
                ABOUT_BLANK, jobsPath());
        problem(given().auth().oauth2("not.a.token").get(jobsPath()), 401, ABOUT_BLANK, jobsPath());
    }

    @Test
    void aTokenIssuedInTheFutureBeyondTheClockSkewGets401() {
        Map<String, Object> claims = AuthProfile.ISSUER.claims(TokenRoles.READ);
        claims.put("iat", TestIssuer.now() + 3600);
        claims.put("exp", TestIssuer.now() + 7200);
        refused(AuthProfile.ISSUER.sign(claims));
        // Within the minute of clock skew, an issuer whose clock runs a little fast is still believed.
        claims.put("iat", TestIssuer.now() + 30);
        claims.put("exp", TestIssuer.now() + 3600);
        accepted(AuthProfile.ISSUER.sign(claims));
    }

    @Test
    void aTokenValidForLongerThanTheLifetimeCapGets401() {
        Map<String, Object> claims = AuthProfile.ISSUER.claims(TokenRoles.READ);
        claims.put("exp", TestIssuer.now() + 100L * 365 * 24 * 3600);
        refused(AuthProfile.ISSUER.sign(claims));
        claims.put("exp", TestIssuer.now() + 24 * 3600 + 120);
        refused(AuthProfile.ISSUER.sign(claims));
        claims.put("exp", TestIssuer.now() + 23 * 3600);
        accepted(AuthProfile.ISSUER.sign(claims));
    }

    @Test
    void aTokenWithoutAnAcceptedAudienceGets401AndOneForThisServiceAloneIsAccepted() {
        Map<String, Object> claims = AuthProfile.ISSUER.claims(TokenRoles.READ);
        claims.put("aud", otherService());
        refused(AuthProfile.ISSUER.sign(claims));
        claims.remove("aud");
        refused(AuthProfile.ISSUER.sign(claims));
        claims.put("aud", service);
        accepted(AuthProfile.ISSUER.sign(claims));
        claims.put("aud", List.of(otherService(), TestIssuer.AUDIENCE));
        accepted(AuthProfile.ISSUER.sign(claims));
    }

    @Test
    void groupsThatAreNotAListOfStringsGet401() {
        Map<String, Object> claims = AuthProfile.ISSUER.claims();
        claims.put("groups", TokenRoles.READ);
        refused(AuthProfile.ISSUER.sign(claims));
        claims.put("groups", TokenRoles.READ + " " + TokenRoles.SUBMIT);
        refused(AuthProfile.ISSUER.sign(claims));
        claims.put("groups", List.of(TokenRoles.READ, 7));
        refused(AuthProfile.ISSUER.sign(claims));
        claims.put("groups", List.of(TokenRoles.READ));
        accepted(AuthProfile.ISSUER.sign(claims));
    }

    @Test
    void theReadRoleMayReadButNotSubmitOrCancel() {
        as(TokenRoles.READ).get(jobsPath()).then().statusCode(200);
        as(TokenRoles.READ).get(jobsPath() + "/no-such-job").then().statusCode(404);
        problem(as(TokenRoles.READ).contentType("application/json").body("{}").post(jobsPath()), 403, ABOUT_BLANK,
                jobsPath()).body("detail", containsString(TokenRoles.SUBMIT));
        problem(as(TokenRoles.READ).post(jobsPath() + "/no-such-job/cancel"), 403, ABOUT_BLANK,
                jobsPath() + "/no-such-job/cancel");
    }

    @Test
    void theSubmitRoleMaySubmitAndCancelButNotRead() {
        // Past the access check, the body's own error comes back: the token was accepted.
        as(TokenRoles.SUBMIT).contentType("application/json").body("{\"noSuchField\": 1}").post(jobsPath())
                .then().statusCode(400).body("field", equalTo("noSuchField"));
        as(TokenRoles.SUBMIT).post(jobsPath() + "/no-such-job/cancel").then().statusCode(404);
        problem(as(TokenRoles.SUBMIT).get(jobsPath()), 403, ABOUT_BLANK, jobsPath())
                .body("detail", containsString(TokenRoles.READ));
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
    void aServiceTokenForThisServiceMayDownloadButNotSubmit() {
        String token = serviceTokens.authorization(service, TokenRoles.READ).orElseThrow().substring("Bearer ".length());
        given().auth().oauth2(token).get("/models/no-such-model").then().statusCode(404);
        problem(given().auth().oauth2(token).contentType("application/json").body("{}").post(jobsPath()), 403,
                ABOUT_BLANK, jobsPath());
    }

    @Test
    void aServiceTokenMintedForAnotherServiceGets401() {
        String token = serviceTokens.authorization(otherService(), TokenRoles.READ).orElseThrow()
                .substring("Bearer ".length());
        refused(token);
    }

    private String otherService() {
        return service.equals("student-service") ? "teacher-service" : "student-service";
    }

    private void refused(String token) {
        problem(given().auth().oauth2(token).get(jobsPath()), 401, ABOUT_BLANK, jobsPath())
                .header("WWW-Authenticate", containsString("invalid_token"));
    }

    private void accepted(String token) {
        given().auth().oauth2(token).get(jobsPath()).then().statusCode(200);
    }
}
