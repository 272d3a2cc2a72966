package io.distill.contract.events;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.distill.contract.json.Json;
import java.util.Random;
import org.junit.jupiter.api.Test;

class SoftTargetSerializerTest {

    private final SoftTargetSerializer fast = new SoftTargetSerializer();
    private final JsonSerializer<SoftTarget> jackson = new JsonSerializer<>();

    @Test
    void writesTheSameJsonAsJacksonForRandomEvents() throws Exception {
        Random random = new Random(7);
        for (int n = 0; n < 200; n++) {
            float[] logits = new float[10];
            for (int i = 0; i < logits.length; i++) {
                // Wide magnitudes exercise exponent notation (1.0E-5, 3.4E12) and negative zero.
                logits[i] = (float) (random.nextGaussian() * Math.pow(10, random.nextInt(24) - 12));
            }
            logits[n % 10] = n % 3 == 0 ? -0.0f : logits[n % 10];
            byte[] pixels = new byte[784];
            random.nextBytes(pixels);
            // Half the events are copy 0, the others a jittered copy of an augmented set.
            SoftTarget event = SoftTargetBuilder.builder().transferSetId("ts-" + n).exampleId(random.nextInt(60_000))
                    .copy(n % 2 == 0 ? 0 : random.nextInt(32)).label(n % 10).logits(logits)
                    .features(SoftTarget.encode(pixels)).shape(new int[] {28, 28}).build();

            assertThat(tree(fast.serialize("soft-targets", event)))
                    .isEqualTo(tree(jackson.serialize("soft-targets", event)));
            SoftTarget back = Json.strict(SoftTarget.class).readValue(fast.serialize("soft-targets", event));
            assertThat(back.logits()).containsExactly(logits);
            assertThat(back.pixels()).containsExactly(pixels);
            assertThat(back.copy()).isEqualTo(event.copy());
            byte[] fromParts = SoftTargetSerializer.write(event.transferSetId(), event.exampleId(), event.copy(),
                    event.label(), logits, 0, 10, pixels, event.shape());
            assertThat(tree(fromParts)).isEqualTo(tree(jackson.serialize("soft-targets", event)));
        }
    }

    @Test
    void anEventFromAProducerOlderThanCopiesIsCopyZeroUnderItsOldKey() throws Exception {
        SoftTarget old = Json.mapper().readValue("{\"transferSetId\": \"ts-1\", \"exampleId\": 42, \"label\": 7,"
                + " \"logits\": [0,0,0,0,0,0,0,0,0,1], \"features\": \"AAAA\", \"shape\": [28, 28]}", SoftTarget.class);

        assertThat(old.copy()).isZero();
        assertThat(old.key()).isEqualTo("ts-1/42");
    }

    @Test
    void copyZeroKeepsTheExamplesKeyAndAJitteredCopyAddsItsNumber() {
        assertThat(SoftTarget.key("ts-1", 42, 0)).isEqualTo("ts-1/42").isEqualTo(SoftTarget.key("ts-1", 42));
        assertThat(SoftTarget.key("ts-1", 42, 3)).isEqualTo("ts-1/42.3");
        assertThat(SoftTargetBuilder.builder().transferSetId("ts-1").exampleId(42).copy(3).label(7)
                .build().key()).isEqualTo("ts-1/42.3");
    }

    @Test
    void escapesStringsAndWritesNulls() throws Exception {
        SoftTarget odd = SoftTargetBuilder.builder().transferSetId("a\"b\\c\nd\u0001é").exampleId(3).copy(0).label(1)
                .build();

        assertThat(tree(fast.serialize("t", odd))).isEqualTo(tree(jackson.serialize("t", odd)));
        assertThat(fast.serialize("t", null)).isNull();
    }

    private static JsonNode tree(byte[] json) throws Exception {
        return Json.mapper().readTree(json);
    }
}
