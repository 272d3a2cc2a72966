package io.distill.service.transfer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.distill.core.events.SoftTarget;
import io.distill.core.events.SoftTargetSerializer;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;

class SoftTargetReaderTest {

    private static final float[] LOGITS = {0.5f, -1f, 2f, 0f, 0f, 0f, 0f, 0f, 0f, 3.25f};

    @Test
    void aWellFormedEventDecodesToItsLabelLogitsAndPixels() throws Exception {
        byte[] pixels = new byte[784];
        new Random(7).nextBytes(pixels);
        byte[] value = SoftTargetSerializer.write("ts-1", 42, 7, LOGITS, 0, 10, pixels, new int[] {28, 28});

        SoftTargetReader.Example example = SoftTargetReader.decode(value, "ts-1", "ts-1/42");

        assertThat(example.exampleId()).isEqualTo(42);
        assertThat(example.label()).isEqualTo(7);
        assertThat(example.logits()).containsExactly(LOGITS);
        assertThat(example.pixels()).isEqualTo(pixels);
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
    }

    private static byte[] event(int exampleId, int label, float[] logits, String features) {
        return new SoftTargetSerializer().serialize("soft-targets",
                new SoftTarget("ts-1", exampleId, label, logits, features, new int[] {28, 28}));
    }

    private static void assertRefused(byte[] value, String key, String reason) {
        assertThatThrownBy(() -> SoftTargetReader.decode(value, "ts-1", key))
                .isInstanceOf(SoftTargetReader.Unusable.class).hasMessageContaining(reason);
    }
}
