package io.distill.contract.events;

import static org.assertj.core.api.Assertions.assertThat;

import io.distill.contract.datasets.ElementType;
import io.distill.contract.datasets.InputShape;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Bytes per soft-target event in each form, printed for docs/events.md: no event of a supported set
 * (up to 20,000 classes, images up to 3x224x224) comes near Kafka's default 1 MB record limit.
 */
class SoftTargetSizeTest {

    private static final int KAFKA_DEFAULT_MAX_BYTES = 1_048_576;
    private static final String SET = "ts-0123456789abcdef";
    private static final String DATASET = "ds-0123456789abcdef";

    @Test
    void everyFormOfEventStaysFarBelowKafkasOneMegabyteLimit() {
        Random random = new Random(5);
        byte[] digit = new byte[784];
        random.nextBytes(digit);
        int mnistInline = SoftTargetSerializer.write(SET, 54_999, 31, 9, logits(random, 10), 0, 10, digit,
                new int[] {28, 28}).length;
        int manyClasses = SoftTargetSerializer.reference(SET, DATASET, "validation", 999_999, 31, 19_999,
                logits(random, 20_000), 0, 20_000).length;
        int bigImage = SoftTargetSerializer.reference(SET, DATASET, "validation", 999_999, 31, 9,
                logits(random, 10), 0, 10).length;
        byte[] image = new byte[3 * 224 * 224];
        random.nextBytes(image);
        int bigImageInline = SoftTargetSerializer.write(SET, 999_999, 31, 9, logits(random, 10), 0, 10, image,
                new int[] {3, 224, 224}).length;
        int manyClassesArray = new SoftTargetSerializer().serialize("soft-targets", SoftTargetBuilder.builder()
                .transferSetId(SET).dataset(DATASET).split("validation").exampleId(999_999).copy(31).label(19_999)
                .logits(logits(random, 20_000)).build()).length;

        System.out.printf("Bytes per soft-target event: MNIST inline %,d; 20,000-class reference %,d (as a JSON"
                + " array it would be %,d); 3x224x224 reference %,d (inline it would be %,d)%n", mnistInline,
                manyClasses, manyClassesArray, bigImage, bigImageInline);
        assertThat(mnistInline).isLessThan(FeatureForm.DEFAULT_INLINE_MAX_BYTES * 4 / 3 + 400);
        assertThat(manyClasses).isLessThan(KAFKA_DEFAULT_MAX_BYTES / 8);
        assertThat(bigImage).isLessThan(400);
        // The largest inline event: a uint8 example at the limit, with 100 logits as an array.
        byte[] atLimit = new byte[FeatureForm.DEFAULT_INLINE_MAX_BYTES];
        assertThat(SoftTargetSerializer.write(SET, 999_999, 31, 99, logits(random, 100), 0, 100, atLimit,
                new int[] {atLimit.length}).length).isLessThan(KAFKA_DEFAULT_MAX_BYTES / 100);
    }

    @Test
    void onlySmallUint8ExamplesGoInline() {
        int limit = FeatureForm.DEFAULT_INLINE_MAX_BYTES;
        assertThat(FeatureForm.of(ElementType.UINT8, InputShape.MNIST.features(), limit)).isEqualTo(FeatureForm.INLINE);
        assertThat(FeatureForm.of(ElementType.UINT8, limit, limit)).isEqualTo(FeatureForm.INLINE);
        assertThat(FeatureForm.of(ElementType.UINT8, limit + 1, limit)).isEqualTo(FeatureForm.REFERENCE);
        assertThat(FeatureForm.of(ElementType.UINT8, 3 * 224 * 224, limit)).isEqualTo(FeatureForm.REFERENCE);
        assertThat(FeatureForm.of(ElementType.FLOAT32, 4, limit)).isEqualTo(FeatureForm.REFERENCE);
        assertThat(FeatureForm.of(ElementType.UINT8, 784, 0)).isEqualTo(FeatureForm.REFERENCE);
        assertThat(FeatureForm.of((String) null)).isEqualTo(FeatureForm.INLINE);
    }

    private static float[] logits(Random random, int n) {
        float[] logits = new float[n];
        for (int i = 0; i < n; i++) {
            logits[i] = (float) (random.nextGaussian() * 10);
        }
        return logits;
    }
}
