package io.distill.student;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.distill.contract.events.FeatureForm;
import io.distill.contract.events.SoftTarget;
import io.distill.contract.events.SoftTargetBuilder;
import io.distill.contract.events.Topics;
import io.distill.contract.events.TransferSetManifest;
import io.distill.contract.requests.Augmentation;
import io.distill.contract.requests.ClassFilter;
import io.distill.contract.requests.DatasetNames;
import io.distill.core.data.ExampleSet;
import io.distill.server.transfer.SoftTargetReader;
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
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

/**
 * A transfer set whose events name their examples instead of carrying them: the student reads the
 * examples from MNIST itself, copies shifted again from the manifest's seed, and poison references
 * go to the dead-letter topic with their reason.
 */
@QuarkusTest
@TestProfile(SmallStudentProfile.class)
@WithTestResource(value = KafkaBroker.class, scope = TestResourceScope.MATCHING_RESOURCES)
@WithTestResource(value = Postgres.class, scope = TestResourceScope.MATCHING_RESOURCES)
@WithTestResource(value = S3Server.class, scope = TestResourceScope.MATCHING_RESOURCES)
class ReferencedSetStudentTest {

    private static final Duration READ = Duration.ofSeconds(60);

    @Inject
    SoftTargetReader reader;

    @Test
    void aReferencedSetReadsBackAsItsInlineTwinTrainsAStudentAndDeadLettersPoisonReferences() throws Exception {
        Augmentation augmentation = new Augmentation(2, 2, 5);
        String set = "fx-referenced";
        ExampleSet train = TransferSetFixture.mnist().train();
        SoftTarget outOfRange = poison(set, 60_000, "train", train.label(0), 10);
        SoftTarget unknownSplit = poison(set, 200, "dev", train.label(200), 10);
        SoftTarget fewLogits = poison(set, 201, "train", train.label(201), 3);
        TransferSetManifest inline = TransferSetFixture.publish("fx-referenced-twin", ClassFilter.ALL, 100,
                augmentation, FeatureForm.INLINE, List.of(), null);
        TransferSetManifest referenced = TransferSetFixture.publish(set, ClassFilter.ALL, 100, augmentation,
                FeatureForm.REFERENCE, List.of(record(outOfRange), record(unknownSplit), record(fewLogits)), null);

        SoftTargetReader.TransferSet a = reader.read(inline, READ, () -> false);
        SoftTargetReader.TransferSet b = reader.read(referenced, READ, () -> false);

        assertThat(b.images().size()).isEqualTo(a.images().size()).isEqualTo(200);
        assertThat(b.images().shape()).isEqualTo(a.images().shape());
        for (int i = 0; i < a.images().size(); i++) {
            assertThat(b.images().id(i)).isEqualTo(a.images().id(i));
            assertThat(b.images().label(i)).isEqualTo(a.images().label(i));
            assertThat(b.images().pixels(i)).as("image %d", i).isEqualTo(a.images().pixels(i));
        }
        assertThat(b.logits()).containsExactly(a.logits());

        String id = given().contentType("application/json").body("{\"transferSetId\": \"" + set + "\","
                + " \"hidden\": [32], \"epochs\": 1, \"waitForTransferSet\": true}").post("/students")
                .then().statusCode(202).extract().jsonPath().getString("id");
        JsonPath job = JobWaits.awaitSuccess("/students/" + id, Duration.ofMinutes(2));

        assertThat(job.getInt("metrics.trainExamples")).isEqualTo(200);
        assertThat(job.getInt("metrics.malformedEvents")).isEqualTo(3);
        Map<String, String> reasons = TopicReader.read(Topics.dlq(Topics.SOFT_TARGETS),
                k -> k.startsWith(set + "/"), e -> e.size() >= 3, Duration.ofSeconds(30)).stream()
                .collect(Collectors.toMap(TopicReader.Event::key, e -> e.headers().get("distill-rejected-reason"),
                        (first, again) -> first));
        assertThat(reasons.get(outOfRange.key())).contains("example id 60000 is outside split train of mnist");
        assertThat(reasons.get(unknownSplit.key())).contains("split dev is unknown");
        assertThat(reasons.get(fewLogits.key())).contains("logits hold 3 values, expected 10");
    }

    private static SoftTarget poison(String set, int exampleId, String split, int label, int logits) {
        return SoftTargetBuilder.builder().transferSetId(set).dataset(DatasetNames.MNIST).split(split)
                .exampleId(exampleId).copy(0).label(label).logits(new float[logits]).build();
    }

    private static ProducerRecord<String, Object> record(SoftTarget event) {
        return new ProducerRecord<>(Topics.SOFT_TARGETS, event.key(), event);
    }
}
