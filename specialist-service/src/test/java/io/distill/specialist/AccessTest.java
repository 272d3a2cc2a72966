package io.distill.specialist;

import static io.restassured.RestAssured.given;

import io.distill.server.security.TokenRoles;
import io.distill.testkit.AccessContract;
import io.distill.testkit.AuthProfile;
import io.distill.testkit.KafkaBroker;
import io.distill.testkit.Postgres;
import io.distill.testkit.S3Server;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.Test;

@QuarkusTest
@TestProfile(AuthProfile.class)
@WithTestResource(value = KafkaBroker.class, scope = TestResourceScope.MATCHING_RESOURCES)
@WithTestResource(value = Postgres.class, scope = TestResourceScope.MATCHING_RESOURCES)
@WithTestResource(value = S3Server.class, scope = TestResourceScope.MATCHING_RESOURCES)
class AccessTest extends AccessContract {

    private static final String PREDICT = "/ensembles/no-such-ensemble/predict";

    @Override
    protected String jobsPath() {
        return "/ensembles";
    }

    /** Predicting reads a model: the read role may, past the access check to the unknown id's 404. */
    @Test
    void theReadRoleMayPredictButNotWithoutAToken() {
        given().auth().oauth2(AuthProfile.ISSUER.token(TokenRoles.READ)).contentType("application/json")
                .body("{\"images\": [[0]]}").post(PREDICT).then().statusCode(404);
        given().contentType("application/json").body("{\"images\": [[0]]}").post(PREDICT).then().statusCode(401);
    }
}
