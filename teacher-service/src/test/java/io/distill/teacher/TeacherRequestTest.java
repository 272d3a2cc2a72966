package io.distill.teacher;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import io.distill.teacher.rest.TeacherRequest;
import io.distill.testkit.KafkaBroker;
import io.distill.testkit.ObjectStore;
import io.distill.testkit.Postgres;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

@QuarkusTest
@TestProfile(SmallTeacherProfile.class)
@WithTestResource(value = KafkaBroker.class, scope = TestResourceScope.MATCHING_RESOURCES)
@WithTestResource(value = Postgres.class, scope = TestResourceScope.MATCHING_RESOURCES)
@WithTestResource(value = ObjectStore.class, scope = TestResourceScope.MATCHING_RESOURCES)
class TeacherRequestTest {

    @ParameterizedTest(name = "{0} -> 400 on {1}")
    @CsvSource(delimiter = '|', value = {
        "{\"hidden\": []}                 | hidden        | empty",
        "{\"hidden\": [64, 0]}            | hidden        | positive",
        "{\"inputDropout\": 1.0}          | inputDropout  | [0, 1)",
        "{\"hiddenDropout\": -0.1}        | hiddenDropout | [0, 1)",
        "{\"epochs\": 0}                  | epochs        | positive",
        "{\"epochs\": \"ten\"}            | epochs        | whole number",
        "{\"dataset\": \"cifar-10\"}      | dataset       | mnist",
        "{\"trainLimit\": 60000}          | trainLimit    | 55000",
        "{\"optimizer\": \"rmsprop\"}     | optimizer     | sgd",
        "{\"ensembleSize\": 0}            | ensembleSize  | 1 to",
        "{\"learningRate\": -1}           | learningRate  | positive",
        "{\"maxNorm\": 0}                 | maxNorm       | positive",
        "{\"temperature\": 2}             | temperature   | not a known field",
        "[1, 2]                           | body          | object",
        "{\"epochs\": 1,                  | body          | valid JSON",
    })
    void aBadFieldGets400NamingItAndTheProblem(String body, String field, String problem) {
        given().contentType("application/json").body(body).post("/teachers")
                .then().statusCode(400)
                .body("field", equalTo(field))
                .body("error", containsString(problem));
    }

    @Test
    void warmUpAndMomentumRampShrinkWithAShortRunAndNeverVanish() {
        assertThat(TeacherRequest.scaled(5, 150, 150)).isEqualTo(5);
        assertThat(TeacherRequest.scaled(45, 300, 150)).isEqualTo(45);
        assertThat(TeacherRequest.scaled(45, 50, 150)).isEqualTo(15);
        assertThat(TeacherRequest.scaled(45, 6, 150)).isEqualTo(2);
        assertThat(TeacherRequest.scaled(5, 6, 150)).isEqualTo(1);
        assertThat(TeacherRequest.scaled(0, 6, 150)).isZero();
    }

    @Test
    void maxNormNullTurnsTheConstraintOffAndIsKeptInTheRequest() {
        given().contentType("application/json").body("{\"maxNorm\": null, \"epochs\": 1}").post("/teachers")
                .then().statusCode(202)
                .body("request.maxNorm", equalTo(null))
                .body("request.hidden[0]", equalTo(64))
                .body("state", equalTo("QUEUED"));
    }

    @Test
    void unknownIdsGet404() {
        given().get("/teachers/t-nope").then().statusCode(404).body("error", containsString("t-nope"));
        given().post("/teachers/t-nope/cancel").then().statusCode(404);
        given().get("/models/t-nope-0").then().statusCode(404);
        given().get("/models/t-nope-0/artifact").then().statusCode(404);
        given().get("/models/..%2F..%2Fetc").then().statusCode(404);
    }
}
