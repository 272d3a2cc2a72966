package io.distill.softtarget;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import io.distill.contract.datasets.InputShape;
import io.distill.contract.events.FeatureForm;
import io.distill.contract.events.Topics;
import io.distill.contract.events.TransferSetManifest;
import io.distill.contract.json.Json;
import io.distill.contract.requests.Augmentation;
import io.distill.core.data.Copies;
import io.distill.core.data.ExampleSet;
import io.distill.server.transfer.SoftTargetReader;
import io.distill.testkit.KafkaBroker;
import io.distill.testkit.Postgres;
import io.distill.testkit.S3Server;
import io.distill.testkit.TinyTeachers;
import io.distill.testkit.TopicReader;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * A set streamed as references (the shared profile's inline limit of 0 bytes forces it for MNIST) and read back by the
 * reader that students and specialists use: the same images, copies, labels and logits that the
 * inline form carries.
 */
@QuarkusTest
@TestProfile(KafkaSettingsTest.SharedKafkaSettings.class)
@WithTestResource(value = KafkaBroker.class, scope = TestResourceScope.MATCHING_RESOURCES)
@WithTestResource(value = Postgres.class, scope = TestResourceScope.MATCHING_RESOURCES)
@WithTestResource(value = S3Server.class, scope = TestResourceScope.MATCHING_RESOURCES)
class ReferenceStreamTest {

    private static final int EXAMPLES = 60;
    private static final Augmentation AUGMENTATION = new Augmentation(2, 2, 5);

    @Inject
    SoftTargetReader reader;

    @Test
    void aSetStreamedAsReferencesReadsBackAsExactlyTheImagesCopiesAndLogitsOfItsInlineForm() throws Exception {
        Path teacher = TinyTeachers.create("tiny-reference", 61);
        TinyTeachers.announce("tiny-reference", "tj-reference", 0, 1, TinyTeachers.sha256(teacher), null);
        SoftTargetStreamTest.awaitTeachers(Set.of("tiny-reference"));
        String id = SoftTargetStreamTest.createAndAwait("{\"teacherModelIds\": [\"tiny-reference\"], \"limit\": "
                + EXAMPLES + ", \"copies\": 2, \"jitter\": 2, \"augmentSeed\": 5}").getString("id");

        List<TopicReader.Event> events = TopicReader.read(Topics.SOFT_TARGETS, k -> k.startsWith(id + "/"),
                e -> e.size() >= 2 * EXAMPLES, SoftTargetStreamTest.WAIT);
        assertThat(events).hasSize(2 * EXAMPLES).allSatisfy(e -> {
            assertThat(e.value().path("dataset").asText()).isEqualTo("mnist");
            assertThat(e.value().path("split").asText()).isEqualTo("train");
            assertThat(e.value().has("features")).as("features of %s", e.key()).isFalse();
            assertThat(e.value().has("shape")).isFalse();
            assertThat(e.value().path("logits").size()).isEqualTo(10);
        });
        JsonNode manifestJson = SoftTargetStreamTest.manifest(id);
        assertThat(manifestJson.path("features").asText()).isEqualTo("reference");
        TransferSetManifest manifest = Json.mapper().treeToValue(manifestJson, TransferSetManifest.class);
        assertThat(manifest.features()).isEqualTo(FeatureForm.REFERENCE);
        assertThat(manifest.shape()).isEqualTo(InputShape.MNIST);

        SoftTargetReader.TransferSet read = reader.read(manifest, SoftTargetStreamTest.WAIT, () -> false);

        // What the inline form would carry: each example then its copy, and the teacher's logits on each.
        ExampleSet inline = Copies.of(AUGMENTATION, SoftTargetStreamTest.mnistTrain().limit(EXAMPLES));
        float[] direct = SoftTargetStreamTest.directLogits(teacher, inline);
        ExampleSet images = read.images();
        assertThat(read.malformed()).isZero();
        assertThat(images.size()).isEqualTo(inline.size());
        assertThat(images.shape()).isEqualTo(InputShape.MNIST);
        assertThat(images.classes()).isEqualTo(10);
        for (int i = 0; i < inline.size(); i++) {
            assertThat(images.id(i)).isEqualTo(inline.id(i));
            assertThat(images.label(i)).isEqualTo(inline.label(i));
            assertThat(images.pixels(i)).as("image %d", i).isEqualTo(inline.pixels(i));
            for (int k = 0; k < 10; k++) {
                assertThat(read.logits()[i * 10 + k]).isCloseTo(direct[i * 10 + k], within(1e-5f));
            }
        }
    }
}
