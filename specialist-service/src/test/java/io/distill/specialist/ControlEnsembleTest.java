package io.distill.specialist;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.distill.contract.events.Topics;
import io.distill.testkit.JobWaits;
import io.distill.testkit.KafkaBroker;
import io.distill.testkit.Postgres;
import io.distill.testkit.S3Server;
import io.distill.testkit.TopicReader;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The compute-matched control: the generalist trained on the whole set for the specialists' examples. */
@QuarkusTest
@TestProfile(SmallEnsembleProfile.class)
@WithTestResource(value = KafkaBroker.class, scope = TestResourceScope.MATCHING_RESOURCES)
@WithTestResource(value = Postgres.class, scope = TestResourceScope.MATCHING_RESOURCES)
@WithTestResource(value = S3Server.class, scope = TestResourceScope.MATCHING_RESOURCES)
class ControlEnsembleTest {

    private static final int SET_SIZE = 6_000;

    @Test
    void anEnsembleWithAControlTrainsItAsAChildForTheSpecialistsExamplesAndScoresItBesideTheEnsemble()
            throws Exception {
        GeneralistFixture.Generalist g = GeneralistFixture.generalist("fashion-mnist");
        GeneralistFixture.publishTransferSet(g, "fx-fashion-control", SET_SIZE, null);

        String id = given().contentType("application/json").body("{\"generalistModelId\": \"" + g.modelId()
                + "\", \"transferSetId\": \"fx-fashion-control\", \"specialists\": 2,"
                + " \"maxClassesPerSpecialist\": 4, \"control\": true, \"waitForInputs\": true}")
                .post("/ensembles").then().statusCode(202).extract().jsonPath().getString("id");
        JsonPath job = JobWaits.awaitSuccess("/ensembles/" + id, Duration.ofMinutes(8));

        assertThat(job.getBoolean("request.control")).isTrue();
        List<Map<String, Object>> specialists = job.getList("metrics.specialists");
        assertThat(job.getList("children", String.class)).hasSize(specialists.size() + 1)
                .endsWith(id + "-control");

        // The specialists' examples, from their own reports: each mix times the epochs each trained.
        int epochs = job.getInt("request.epochs");
        long specialistExamples = specialists.stream()
                .mapToLong(s -> ((Number) s.get("trainExamples")).longValue() * epochs).sum();
        long controlEpochs = job.getLong("metrics.control.epochs");
        long examples = job.getLong("metrics.control.examples");
        assertThat(examples).isGreaterThanOrEqualTo(specialistExamples).isLessThan(specialistExamples + SET_SIZE)
                .isEqualTo(controlEpochs * SET_SIZE);
        assertThat(job.getLong("metrics.control.specialistExamples")).isEqualTo(specialistExamples);
        assertThat(job.getInt("metrics.control.transferSetExamples")).isEqualTo(SET_SIZE);

        // A real score on the test and validation splits, counted the same way in the coverage table.
        int testTotal = job.getInt("metrics.testTotal");
        int controlErrors = job.getInt("metrics.control.testErrors");
        assertThat(controlErrors).isBetween(0, testTotal);
        assertThat(job.getInt("metrics.control.validationTotal")).isEqualTo(g.data().validation().size());
        assertThat(job.getInt("metrics.control.validationErrors")).isBetween(0, g.data().validation().size());
        List<Map<String, Object>> rows = job.getList("metrics.byCoverage");
        assertThat(rows.stream().mapToInt(r -> (Integer) r.get("controlCorrect")).sum())
                .isEqualTo(testTotal - controlErrors);
        int ensembleErrors = job.getInt("metrics.ensembleTestErrors");
        assertThat(job.getDouble("metrics.control.ensembleRelativeAccuracyChange")).isCloseTo(
                (double) (controlErrors - ensembleErrors) / (testTotal - controlErrors), within(1e-6));
        assertThat(job.getDouble("metrics.control.lastTrainLoss")).isPositive().isFinite();

        // The control is a child job like the specialists, with its own kind of metrics and its epochs.
        JsonPath control = given().get("/ensembles/" + id + "-control").then().statusCode(200).extract().jsonPath();
        assertThat(control.getString("state")).isEqualTo("SUCCEEDED");
        assertThat(control.getString("parentId")).isEqualTo(id);
        assertThat(control.getString("metrics.kind")).isEqualTo("control");
        assertThat(control.getLong("epochs")).isEqualTo(controlEpochs);
        assertThat(control.getLong("metrics.control.examples")).isEqualTo(examples);

        var ready = TopicReader.read(Topics.SPECIALIST_ENSEMBLES, id::equals, e -> !e.isEmpty(),
                Duration.ofSeconds(30));
        assertThat(ready).hasSize(1);
        assertThat(ready.get(0).value().path("metrics").path("control").path("testErrors").asInt())
                .isEqualTo(controlErrors);
        System.out.printf("Control: generalist %d, ensemble %d, control %d test errors (%d epochs, %d examples"
                + " for the specialists' %d)%n", job.getInt("metrics.generalistTestErrors"), ensembleErrors,
                controlErrors, controlEpochs, examples, specialistExamples);
    }
}
