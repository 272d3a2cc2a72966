package io.distill.server.transfer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.distill.contract.datasets.InputShape;
import io.distill.contract.events.SoftTarget;
import io.distill.contract.events.SoftTargetBuilder;
import io.distill.contract.events.SoftTargetSerializer;
import io.distill.contract.requests.Augmentation;
import io.distill.core.data.Copies;
import io.distill.core.data.ExampleSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Reference events: checked against the split they point into, and rebuilt into the examples they name. */
class ReferenceEventsTest {

    private static final int CLASSES = 3;
    private static final float[] LOGITS = {0.5f, -1f, 2f};

    @Test
    void referencesToASplitRebuildExactlyTheImagesAndCopiesAnInlineSetWouldCarry() throws Exception {
        ExampleSet split = images(20);
        Augmentation augmentation = new Augmentation(3, 2, 9);
        SoftTargetDecoder decoder = SoftTargetDecoder.reference("ts-1",
                new ReferencedSplit("ds-1", "train", split, augmentation));
        ExampleSet inline = Copies.of(augmentation, split.limit(12));

        List<SoftTargetDecoder.Example> examples = new ArrayList<>();
        for (int i = 0; i < inline.size(); i++) {
            int copy = augmentation.copyAt(i);
            byte[] value = SoftTargetSerializer.reference("ts-1", "ds-1", "train", inline.id(i), copy,
                    inline.label(i), LOGITS, 0, CLASSES);
            examples.add(decoder.decode(value, SoftTarget.key("ts-1", inline.id(i), copy)));
        }
        ExampleSet rebuilt = decoder.images(examples);

        assertThat(rebuilt.size()).isEqualTo(36);
        assertThat(rebuilt.shape()).isEqualTo(split.shape());
        assertThat(rebuilt.classes()).isEqualTo(CLASSES);
        for (int i = 0; i < inline.size(); i++) {
            assertThat(rebuilt.id(i)).isEqualTo(inline.id(i));
            assertThat(rebuilt.label(i)).isEqualTo(inline.label(i));
            assertThat(rebuilt.pixels(i)).as("image %d", i).isEqualTo(inline.pixels(i));
        }
        // The jitter really moved some copies: the test compares moved images, not only originals.
        assertThat(inline.pixels(1)).isNotEqualTo(inline.pixels(0));
    }

    @Test
    void referencesToAFloatVectorSetRebuildItsValues() throws Exception {
        Random random = new Random(3);
        float[] values = new float[10 * 5];
        for (int i = 0; i < values.length; i++) {
            values[i] = (float) random.nextGaussian();
        }
        int[] labels = {0, 1, 2, 0, 1, 2, 0, 1, 2, 0};
        ExampleSet split = ExampleSet.float32("tab-test", InputShape.vector(5), CLASSES, values, labels,
                ExampleSet.sequentialIds(10));
        SoftTargetDecoder decoder = SoftTargetDecoder.reference("ts-1",
                new ReferencedSplit("ds-2", "test", split, Augmentation.NONE));

        SoftTargetDecoder.Example example = decoder.decode(SoftTargetSerializer.reference("ts-1", "ds-2", "test", 7, 0,
                1, LOGITS, 0, CLASSES), "ts-1/7");
        ExampleSet rebuilt = decoder.images(List.of(example));

        float[] row = new float[5];
        rebuilt.copyFloats(0, row);
        assertThat(row).containsExactly(java.util.Arrays.copyOfRange(values, 35, 40));
        assertThat(rebuilt.id(0)).isEqualTo(7);
    }

    @Test
    void aSplitWhoseIdsStartPastZeroIsReferencedByThoseIdsAsMnistsValidationSplitIs() throws Exception {
        ExampleSet all = images(40);
        ExampleSet validation = all.range("tiny-validation", 30, 40);
        SoftTargetDecoder decoder = SoftTargetDecoder.reference("ts-1",
                new ReferencedSplit("ds-1", "validation", validation, Augmentation.NONE));

        SoftTargetDecoder.Example example = decoder.decode(SoftTargetSerializer.reference("ts-1", "ds-1", "validation",
                35, 0, all.label(35), LOGITS, 0, CLASSES), "ts-1/35");

        assertThat(decoder.images(List.of(example)).pixels(0)).isEqualTo(all.pixels(35));
        assertThatThrownBy(() -> decoder.decode(SoftTargetSerializer.reference("ts-1", "ds-1", "validation", 5, 0,
                all.label(5), LOGITS, 0, CLASSES), "ts-1/5")).isInstanceOf(SoftTargetDecoder.Unusable.class)
                .hasMessageContaining("example id 5 is outside split validation of ds-1 (30 to 39)");
    }

    @Test
    void eachKindOfPoisonReferenceIsRefusedWithItsReason() {
        ExampleSet split = images(20);
        assertRefused(reference("ds-1", "dev", 4, split.label(4), LOGITS), "ts-1/4",
                "split dev is unknown, expected train, validation or test");
        assertRefused(reference("ds-1", "test", 4, split.label(4), LOGITS), "ts-1/4",
                "split test is not the set's split train");
        assertRefused(reference("ds-9", "train", 4, split.label(4), LOGITS), "ts-1/4",
                "dataset ds-9 is not the set's dataset ds-1");
        assertRefused(reference("ds-1", "train", 20, 0, LOGITS), "ts-1/20",
                "example id 20 is outside split train of ds-1 (0 to 19)");
        assertRefused(reference("ds-1", "train", -1, 0, LOGITS), "ts-1/-1", "example id -1 is outside");
        int wrong = (split.label(4) + 1) % CLASSES;
        assertRefused(reference("ds-1", "train", 4, wrong, LOGITS), "ts-1/4",
                "label " + wrong + " is not the label " + split.label(4) + " that example 4 has in ds-1/train");
        assertRefused(reference("ds-1", "train", 4, split.label(4), new float[] {1, 2}), "ts-1/4",
                "logits hold 2 values, expected 3");
        assertRefused(SoftTargetSerializer.write("ts-1", 4, 0, split.label(4), LOGITS, 0, CLASSES, split.pixels(4),
                new int[] {6, 6}), "ts-1/4", "carries its features inline but set ts-1 holds references");
        assertRefused(new SoftTargetSerializer().serialize("soft-targets", SoftTargetBuilder.builder()
                .transferSetId("ts-1").dataset("ds-1").split("train").exampleId(4).copy(0).label(split.label(4))
                .logits(LOGITS).packedLogits(SoftTarget.pack(LOGITS)).build()), "ts-1/4",
                "carries both logits and packedLogits");
        assertRefused(new SoftTargetSerializer().serialize("soft-targets", SoftTargetBuilder.builder()
                .transferSetId("ts-1").dataset("ds-1").split("train").exampleId(4).copy(0).label(split.label(4))
                .packedLogits("AAAAAAA=").build()), "ts-1/4", "packedLogits are not base64 of float32 values");
    }

    /** Twenty 1x6x6 images of three classes, each with a bright pixel that jitter moves. */
    private static ExampleSet images(int n) {
        byte[] pixels = new byte[n * 36];
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            pixels[i * 36 + 14 + i % 8] = (byte) (200 + i);
            labels[i] = i % CLASSES;
        }
        return ExampleSet.uint8("tiny-train", InputShape.image(1, 6, 6), CLASSES, pixels, labels,
                ExampleSet.sequentialIds(n));
    }

    private static byte[] reference(String dataset, String split, int exampleId, int label, float[] logits) {
        return SoftTargetSerializer.reference("ts-1", dataset, split, exampleId, 0, label, logits, 0, logits.length);
    }

    private static void assertRefused(byte[] value, String key, String reason) {
        SoftTargetDecoder decoder = SoftTargetDecoder.reference("ts-1",
                new ReferencedSplit("ds-1", "train", images(20), Augmentation.NONE));
        assertThatThrownBy(() -> decoder.decode(value, key)).isInstanceOf(SoftTargetDecoder.Unusable.class)
                .hasMessageContaining(reason);
    }
}
