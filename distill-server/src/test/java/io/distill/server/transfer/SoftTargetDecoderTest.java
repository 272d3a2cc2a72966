package io.distill.server.transfer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.distill.contract.datasets.InputShape;
import io.distill.contract.events.SoftTarget;
import io.distill.contract.events.SoftTargetBuilder;
import io.distill.contract.events.SoftTargetSerializer;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Inline events: each is checked against the manifest's copies, classes and shape. */
class SoftTargetDecoderTest {

    private static final float[] LOGITS = {0.5f, -1f, 2f, 0f, 0f, 0f, 0f, 0f, 0f, 3.25f};

    @Test
    void aWellFormedEventDecodesToItsLabelLogitsAndPixels() throws Exception {
        byte[] pixels = new byte[784];
        new Random(7).nextBytes(pixels);
        byte[] value = SoftTargetSerializer.write("ts-1", 42, 0, 7, LOGITS, 0, 10, pixels, new int[] {28, 28});

        SoftTargetDecoder.Example example = decoder(1).decode(value, "ts-1/42");

        assertThat(example.exampleId()).isEqualTo(42);
        assertThat(example.label()).isEqualTo(7);
        assertThat(example.logits()).containsExactly(LOGITS);
        assertThat(example.pixels()).isEqualTo(pixels);
        assertThat(example.copy()).isZero();
    }

    @Test
    void aJitteredCopyDecodesUnderItsOwnKeyAndSortsAfterItsExampleAndBeforeTheNext() throws Exception {
        byte[] pixels = new byte[784];
        byte[] value = SoftTargetSerializer.write("ts-1", 42, 3, 7, LOGITS, 0, 10, pixels, new int[] {28, 28});

        SoftTargetDecoder.Example copy = decoder(4).decode(value, "ts-1/42.3");

        assertThat(copy.exampleId()).isEqualTo(42);
        assertThat(copy.copy()).isEqualTo(3);
        SoftTargetDecoder.Example original = new SoftTargetDecoder.Example(42, 0, 7, LOGITS, pixels);
        SoftTargetDecoder.Example next = new SoftTargetDecoder.Example(43, 0, 7, LOGITS, pixels);
        assertThat(copy.order()).isGreaterThan(original.order()).isLessThan(next.order());
        assertThat(new SoftTargetDecoder.Example(42, 31, 7, LOGITS, pixels).order()).isLessThan(next.order());
        // The same copy under the example's key, or another copy's, is not this set's event for that key.
        assertRefused(value, "ts-1/42", 4, "does not match");
        assertRefused(value, "ts-1/42.2", 4, "does not match");
        // Copy 3 of a set of three copies (0, 1 and 2) is not one of its events.
        assertRefused(value, "ts-1/42.3", 3, "copy 3 is not one of the set's 3 (0 to 2)");
    }

    @Test
    void eachKindOfMalformedEventIsRefusedWithItsReason() {
        byte[] pixels = new byte[784];
        assertRefused(null, "ts-1/1", "empty value");
        assertRefused("{not json".getBytes(StandardCharsets.UTF_8), "ts-1/1", "not a SoftTarget");
        assertRefused(event(1, 3, LOGITS, SoftTarget.encode(pixels)), "ts-1/2", "does not match");
        assertRefused(event(1, 10, LOGITS, SoftTarget.encode(pixels)), "ts-1/1", "label 10");
        assertRefused(event(1, 3, new float[] {1, 2}, SoftTarget.encode(pixels)), "ts-1/1", "logits hold 2 values");
        // A number too large for a float reads as infinity.
        byte[] infinite = new String(event(1, 3, LOGITS, SoftTarget.encode(pixels)), StandardCharsets.UTF_8)
                .replace("3.25", "1e999").getBytes(StandardCharsets.UTF_8);
        assertRefused(infinite, "ts-1/1", "non-finite");
        assertRefused(event(1, 3, LOGITS, "***"), "ts-1/1", "not base64");
        assertRefused(event(1, 3, LOGITS, SoftTarget.encode(new byte[10])), "ts-1/1", "10 pixels, expected 784");
        byte[] negative = new SoftTargetSerializer().serialize("soft-targets",
                SoftTargetBuilder.builder().transferSetId("ts-1").exampleId(1).copy(-1).label(3).logits(LOGITS)
                        .features(SoftTarget.encode(pixels)).shape(new int[] {28, 28}).build());
        assertRefused(negative, "ts-1/1.-1", 2, "copy -1 is not one of the set's 2");
        assertRefused(new SoftTargetSerializer().serialize("soft-targets", SoftTargetBuilder.builder()
                .transferSetId("ts-1").exampleId(1).copy(0).label(3).logits(LOGITS).features(SoftTarget.encode(pixels))
                .shape(new int[] {784}).build()), "ts-1/1", "shape is [784], expected [28, 28]");
        assertRefused(new SoftTargetSerializer().serialize("soft-targets", SoftTargetBuilder.builder()
                .transferSetId("ts-1").dataset("mnist").split("train").exampleId(1).copy(0).label(3).logits(LOGITS)
                .build()), "ts-1/1", "names its example (dataset mnist, split train) but set ts-1 carries its"
                + " features inline");
    }

    @Test
    void aSetOfAnotherShapeAndClassCountChecksItsEventsAgainstThose() throws Exception {
        // 1,000 classes: above the threshold, so the logits come packed.
        float[] logits = new float[1_000];
        logits[999] = 4f;
        byte[] pixels = new byte[3 * 8 * 8];
        byte[] value = SoftTargetSerializer.write("ts-1", 5, 0, 999, logits, 0, 1_000, pixels, new int[] {3, 8, 8});
        SoftTargetDecoder rgb = SoftTargetDecoder.inline("ts-1", 1, 1_000, InputShape.image(3, 8, 8));

        SoftTargetDecoder.Example example = rgb.decode(value, "ts-1/5");

        assertThat(new String(value, StandardCharsets.UTF_8)).contains("\"packedLogits\":").doesNotContain("\"logits\"");
        assertThat(example.logits()).containsExactly(logits);
        assertThat(example.label()).isEqualTo(999);
        assertThat(rgb.images(java.util.List.of(example)).shape()).isEqualTo(InputShape.image(3, 8, 8));
        assertThatThrownBy(() -> decoder(1).decode(value, "ts-1/5")).isInstanceOf(SoftTargetDecoder.Unusable.class)
                .hasMessageContaining("label 999 is not a class 0-9");
        byte[] tenLogits = SoftTargetSerializer.write("ts-1", 5, 0, 9, LOGITS, 0, 10, pixels, new int[] {3, 8, 8});
        assertThatThrownBy(() -> rgb.decode(tenLogits, "ts-1/5")).isInstanceOf(SoftTargetDecoder.Unusable.class)
                .hasMessageContaining("logits hold 10 values, expected 1000");
    }

    private static SoftTargetDecoder decoder(int copies) {
        return SoftTargetDecoder.inline("ts-1", copies, 10, InputShape.MNIST);
    }

    private static byte[] event(int exampleId, int label, float[] logits, String features) {
        return new SoftTargetSerializer().serialize("soft-targets",
                SoftTargetBuilder.builder().transferSetId("ts-1").exampleId(exampleId).copy(0).label(label)
                        .logits(logits).features(features).shape(new int[] {28, 28}).build());
    }

    private static void assertRefused(byte[] value, String key, String reason) {
        assertRefused(value, key, 1, reason);
    }

    private static void assertRefused(byte[] value, String key, int copies, String reason) {
        assertThatThrownBy(() -> decoder(copies).decode(value, key))
                .isInstanceOf(SoftTargetDecoder.Unusable.class).hasMessageContaining(reason);
    }
}
