package io.distill.server.transfer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.distill.contract.events.SoftTarget;
import io.distill.contract.events.SoftTargetBuilder;
import io.distill.contract.events.SoftTargetSerializer;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;

class SoftTargetReaderTest {

    private static final float[] LOGITS = {0.5f, -1f, 2f, 0f, 0f, 0f, 0f, 0f, 0f, 3.25f};

    @Test
    void aWellFormedEventDecodesToItsLabelLogitsAndPixels() throws Exception {
        byte[] pixels = new byte[784];
        new Random(7).nextBytes(pixels);
        byte[] value = SoftTargetSerializer.write("ts-1", 42, 0, 7, LOGITS, 0, 10, pixels, new int[] {28, 28});

        SoftTargetReader.Example example = SoftTargetReader.decode(value, "ts-1", "ts-1/42", 1);

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

        SoftTargetReader.Example copy = SoftTargetReader.decode(value, "ts-1", "ts-1/42.3", 4);

        assertThat(copy.exampleId()).isEqualTo(42);
        assertThat(copy.copy()).isEqualTo(3);
        SoftTargetReader.Example original = new SoftTargetReader.Example(42, 0, 7, LOGITS, pixels);
        SoftTargetReader.Example next = new SoftTargetReader.Example(43, 0, 7, LOGITS, pixels);
        assertThat(copy.order()).isGreaterThan(original.order()).isLessThan(next.order());
        assertThat(new SoftTargetReader.Example(42, 31, 7, LOGITS, pixels).order()).isLessThan(next.order());
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
        assertThatThrownBy(() -> SoftTargetReader.decode(value, "ts-1", key, copies))
                .isInstanceOf(SoftTargetReader.Unusable.class).hasMessageContaining(reason);
    }
}
