package io.distill.teacher;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import io.distill.testkit.KafkaBroker;
import io.distill.testkit.Postgres;
import io.distill.testkit.S3Server;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.Test;

@QuarkusTest
@TestProfile(MissingDataProfile.class)
@WithTestResource(value = KafkaBroker.class, scope = TestResourceScope.MATCHING_RESOURCES)
@WithTestResource(value = Postgres.class, scope = TestResourceScope.MATCHING_RESOURCES)
@WithTestResource(value = S3Server.class, scope = TestResourceScope.MATCHING_RESOURCES)
class MissingDataTest {

    @Test
    void aMissingDataSetIsReportedByReadinessNotACrash() {
        given().get("/q/health/live").then().statusCode(200);
        given().get("/q/health/ready").then().statusCode(503)
                .body("checks.find { it.name == 'data' }.data.mnist", equalTo("missing"))
                .body("checks.name", hasItem("data"));
    }

    @Test
    void aRequestForAMissingDataSetGets400NamingTheDataset() {
        given().contentType("application/json").body("{}").post("/teachers")
                .then().statusCode(400)
                .body("field", equalTo("dataset"))
                .body("error", containsString("missing"))
                .body("error", containsString("fetch-all.sh"));
    }
}
