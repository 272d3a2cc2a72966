package io.distill.student;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.distill.contract.events.SoftTarget;
import io.distill.contract.events.Topics;
import io.distill.contract.events.TransferSetManifest;
import io.distill.contract.requests.Augmentation;
import io.distill.contract.requests.ClassFilter;
import io.distill.core.data.Copies;
import io.distill.core.data.ExampleSet;
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
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

/** A student on an augmented transfer set: every copy of every example is one training example. */
@QuarkusTest
@TestProfile(SmallStudentProfile.class)
@WithTestResource(value = KafkaBroker.class, scope = TestResourceScope.MATCHING_RESOURCES)
@WithTestResource(value = Postgres.class, scope = TestResourceScope.MATCHING_RESOURCES)
@WithTestResource(value = S3Server.class, scope = TestResourceScope.MATCHING_RESOURCES)
class AugmentedSetStudentTest {

    @Test
    void aStudentConsumesExactlyTheManifestsCountOfExamplesTimesCopiesCountingAResentCopyOnce() throws Exception {
        String set = "fx-augmented";
        Augmentation augmentation = new Augmentation(3, 2, 5);
        ExampleSet copies = Copies.of(augmentation, TransferSetFixture.mnist().train().limit(100));
        // Copy 2 of example 1 sent again, as a restarted stream would; and a copy 3 the set does not have.
        SoftTarget resent = TransferSetFixture.event(set, copies, 3 + 2, 2);
        SoftTarget extraCopy = TransferSetFixture.event(set, copies, 0, 3);
        TransferSetManifest manifest = TransferSetFixture.publish(set, ClassFilter.ALL, 100, augmentation, List.of(
                new ProducerRecord<>(Topics.SOFT_TARGETS, resent.key(), resent),
                new ProducerRecord<>(Topics.SOFT_TARGETS, extraCopy.key(), extraCopy)), null);
        assertThat(manifest.count()).isEqualTo(300);
        assertThat(resent.key()).isEqualTo(set + "/1.2");

        String id = given().contentType("application/json").body("{\"transferSetId\": \"" + set + "\","
                + " \"hidden\": [32], \"epochs\": 1, \"waitForTransferSet\": true}").post("/students")
                .then().statusCode(202).extract().jsonPath().getString("id");
        JsonPath job = JobWaits.awaitSuccess("/students/" + id, Duration.ofMinutes(2));

        assertThat(job.getInt("metrics.trainExamples")).isEqualTo(300);
        assertThat(job.getInt("metrics.malformedEvents")).isEqualTo(1);
        List<TopicReader.Event> dead = TopicReader.read(Topics.dlq(Topics.SOFT_TARGETS), extraCopy.key()::equals,
                e -> !e.isEmpty(), Duration.ofSeconds(30));
        assertThat(dead.get(0).headers().get("distill-rejected-reason")).contains("copy 3 is not one of the set's 3");
    }
}
