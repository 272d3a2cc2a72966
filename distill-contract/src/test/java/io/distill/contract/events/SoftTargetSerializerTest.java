package io.distill.contract.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
    void writesTheSameJsonAsJacksonForRandomReferenceEventsWithFewOrManyClasses() throws Exception {
        Random random = new Random(11);
        for (int n = 0; n < 60; n++) {
            // Every third event has 20,000 classes, whose logits are packed; the others stay an array.
            int classes = n % 3 == 0 ? 20_000 : 1 + random.nextInt(SoftTarget.PACKED_LOGITS_ABOVE);
            float[] logits = new float[classes + 3];
            for (int i = 0; i < logits.length; i++) {
                logits[i] = (float) (random.nextGaussian() * Math.pow(10, random.nextInt(24) - 12));
            }
            int from = random.nextInt(4);
            float[] own = java.util.Arrays.copyOfRange(logits, from, from + classes);
            SoftTarget event = SoftTargetBuilder.builder().transferSetId("ts-" + n).dataset("ds-00ff" + n)
                    .split(n % 2 == 0 ? "train" : "test").exampleId(random.nextInt(1_000_000))
                    .copy(n % 2 == 0 ? 0 : random.nextInt(32)).label(random.nextInt(classes))
                    .logits(SoftTarget.packs(classes) ? null : own)
                    .packedLogits(SoftTarget.packs(classes) ? SoftTarget.pack(own) : null).build();

            byte[] fromParts = SoftTargetSerializer.reference(event.transferSetId(), event.dataset(), event.split(),
                    event.exampleId(), event.copy(), event.label(), logits, from, classes);

            assertThat(tree(fromParts)).isEqualTo(tree(jackson.serialize("soft-targets", event)));
            assertThat(tree(fast.serialize("soft-targets", event))).isEqualTo(tree(fromParts));
            SoftTarget back = Json.strict(SoftTarget.class).readValue(fromParts);
            assertThat(back.scores()).containsExactly(own);
            assertThat(back.byReference()).isTrue();
            assertThat(back.features()).isNull();
            assertThat(back.shape()).isNull();
            assertThat(tree(fromParts).has(SoftTarget.packs(classes) ? "logits" : "packedLogits")).isFalse();
        }
    }

    @Test
    void anMnistEventIsWrittenByteForByteAsBeforeReferencesExisted() {
        float[] logits = {-2.31f, -4.02f, 0.77f, 6.12f, -7.5f, 11.94f, -3.3f, -1.08f, 2.46f, -0.91f};
        byte[] pixels = new byte[784];
        pixels[300] = (byte) 255;

        String json = new String(SoftTargetSerializer.write("ts-41d2", 17, 3, 5, logits, 0, 10, pixels,
                new int[] {28, 28}), java.nio.charset.StandardCharsets.UTF_8);

        assertThat(json).isEqualTo("{\"transferSetId\":\"ts-41d2\",\"exampleId\":17,\"copy\":3,\"label\":5,"
                + "\"logits\":[-2.31,-4.02,0.77,6.12,-7.5,11.94,-3.3,-1.08,2.46,-0.91],\"features\":\""
                + SoftTarget.encode(pixels) + "\",\"shape\":[28,28]}");
    }

    @Test
    void packedLogitsRoundTripBitForBitAndRefuseATruncatedValue() {
        float[] logits = {Float.MIN_VALUE, -0.0f, 1e30f, -3.25f, Float.NaN};

        assertThat(SoftTarget.unpack(SoftTarget.pack(logits))).containsExactly(logits);
        assertThatThrownBy(() -> SoftTarget.unpack(SoftTarget.encode(new byte[6])))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("6 bytes, expected a multiple of 4");
    }

    @Test
    void escapesStringsAndLeavesAbsentFieldsOut() throws Exception {
        SoftTarget odd = SoftTargetBuilder.builder().transferSetId("a\"b\\c\nd\u0001é").exampleId(3).copy(0).label(1)
                .build();

        assertThat(tree(fast.serialize("t", odd))).isEqualTo(tree(jackson.serialize("t", odd)));
        assertThat(tree(fast.serialize("t", odd)).has("features")).isFalse();
        assertThat(fast.serialize("t", null)).isNull();
    }

    private static JsonNode tree(byte[] json) throws Exception {
        return Json.mapper().readTree(json);
    }
}
