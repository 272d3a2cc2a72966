package io.distill.teacher;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import io.distill.teacher.config.TeacherDefaults;
import io.distill.testkit.KafkaBroker;
import io.distill.testkit.Postgres;
import io.distill.testkit.S3Server;
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
@WithTestResource(value = S3Server.class, scope = TestResourceScope.MATCHING_RESOURCES)
class TeacherRequestTest {

    @ParameterizedTest(name = "{0} -> 400 on {1}")
    @CsvSource(delimiter = '|', value = {
        "{\"hidden\": []}                 | hidden        | size",
        "{\"hidden\": [64, 0]}            | hidden[1]     | greater than or equal to 1",
        "{\"hidden\": null}               | hidden        | null",
        "{\"inputDropout\": 1.0}          | inputDropout  | less than 1",
        "{\"hiddenDropout\": -0.1}        | hiddenDropout | greater than or equal to 0",
        "{\"epochs\": 0}                  | epochs        | greater than 0",
        "{\"epochs\": \"ten\"}            | epochs        | whole number",
        "{\"epochs\": 2.5}                | epochs        | 2.5",
        "{\"dataset\": \"cifar-10\"}      | dataset       | mnist",
        "{\"trainLimit\": 60000}          | trainLimit    | 55000",
        "{\"optimizer\": \"rmsprop\"}     | optimizer     | rmsprop",
        "{\"ensembleSize\": 0}            | ensembleSize  | greater than or equal to 1",
        "{\"learningRate\": -1}           | learningRate  | greater than 0",
        "{\"maxNorm\": 0}                 | maxNorm       | greater than 0",
        "{\"temperature\": 2}             | temperature   | temperature",
        "{\"weightDecay\": 1e400}         | weightDecay   | is 1e400, expected a finite number",
        "{\"learningRate\": \"Infinity\"} | learningRate  | is \"Infinity\", expected a finite number",
        "{\"learningRate\": \"NaN\"}      | learningRate  | is \"NaN\", expected a finite number",
        "{\"maxNorm\": -1e400}            | maxNorm       | finite number",
        "{\"maxNorms\": [1, 0]}            | maxNorms[1]   | greater than 0",
        "{\"maxNorms\": [1, 2, 3, 4]}      | maxNorms      | has 4 bounds, expected 1 (one per hidden layer) or 2",
        "{\"maxNorms\": [1, 2], \"maxNorm\": 3} | maxNorms | and maxNorm are both given",
        "{\"clipGradient\": \"-Infinity\"} | clipGradient | finite number",
        "{\"inputDropout\": 1e999}        | inputDropout  | finite number",
        "{\"plan\": {\"transferSets\": [{\"students\": [{\"temperature\": \"NaN\"}]}]}}"
                + " | plan.transferSets[0].students[0].temperature | finite number",
        "[1, 2]                           | body          | ''",
        "{\"epochs\": 1,                  | body          | ''",
        "null                             | body          | ''",
    })
    void aBadFieldGets400NamingItAndTheProblem(String body, String field, String problem) {
        given().contentType("application/json").body(body).post("/teachers")
                .then().statusCode(400)
                .contentType("application/problem+json")
                .body("status", equalTo(400))
                .body("field", equalTo(field))
                .body("detail", containsString(problem));
    }

    @Test
    void anEmptyBodyGets400NotTheDefaultRun() {
        given().contentType("application/json").post("/teachers")
                .then().statusCode(400).contentType("application/problem+json").body("field", equalTo("body"));
    }

    @ParameterizedTest(name = "{1}")
    @CsvSource(delimiter = '|', value = {
        "{\"transferSets\": [{\"students\": [{}]}, {\"students\": [{\"temperature\": -1}]}]}"
                + " | plan.transferSets[1].students[0].temperature",
        "{\"transferSets\": [{\"studnets\": []}]} | plan.transferSets[0].studnets",
        "{\"transferSets\": [{\"omitClasses\": [3], \"onlyClasses\": [7]}]} | plan.transferSets[0].omitClasses",
        "{\"transferSets\": [{\"students\": [{\"mode\": \"hard\", \"softWeight\": 0.5}]}]}"
                + " | plan.transferSets[0].students[0].softWeight",
        "{\"transferSets\": [{\"ensembles\": [{\"specialists\": 11}]}]} | plan.transferSets[0].ensembles[0].specialists",
        "{\"transferSets\": [{\"students\": [{\"mode\": \"teacher\"}]}]} | plan.transferSets[0].students[0].mode",
        "{\"transferSets\": [{}, {\"copies\": 10}]} | plan.transferSets[1].jitter",
        "{\"transferSets\": [{\"copies\": 33, \"jitter\": 2}]} | plan.transferSets[0].copies",
    })
    void aBadEntryAnywhereInThePlanRefusesTheTeacherNamingItsPathAndQueuesNothing(String plan, String path) {
        int before = given().get("/teachers").then().statusCode(200).extract().jsonPath().getList("$").size();
        given().contentType("application/json").body("{\"epochs\": 1, \"plan\": " + plan + "}").post("/teachers")
                .then().statusCode(400)
                .contentType("application/problem+json")
                .body("field", equalTo(path));
        assertThat(given().get("/teachers").then().extract().jsonPath().getList("$")).hasSize(before);
    }

    @Test
    void warmUpAndMomentumRampShrinkWithAShortRunAndNeverVanish() {
        assertThat(TeacherDefaults.scaled(5, 150, 150)).isEqualTo(5);
        assertThat(TeacherDefaults.scaled(45, 300, 150)).isEqualTo(45);
        assertThat(TeacherDefaults.scaled(45, 50, 150)).isEqualTo(15);
        assertThat(TeacherDefaults.scaled(45, 6, 150)).isEqualTo(2);
        assertThat(TeacherDefaults.scaled(5, 6, 150)).isEqualTo(1);
        assertThat(TeacherDefaults.scaled(0, 6, 150)).isZero();
    }

    @Test
    void anAbsentMaxNormTakesTheDefaultAndTheJobKeepsTheCompletedRequest() {
        given().contentType("application/json").body("{\"epochs\": 1}").post("/teachers")
                .then().statusCode(202)
                .body("request.maxNorm", equalTo(15.0f))
                .body("request.optimizer", equalTo("sgd"))
                .body("request.seed", equalTo(1));
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
    void boundsPerLayerReplaceTheOneBoundAndAreKeptInTheRequest() {
        given().contentType("application/json").body("{\"maxNorms\": [3.1, 5], \"epochs\": 1}").post("/teachers")
                .then().statusCode(202)
                .body("request.maxNorms", equalTo(java.util.List.of(3.1f, 5.0f)))
                .body("request.maxNorm", equalTo(null));
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
