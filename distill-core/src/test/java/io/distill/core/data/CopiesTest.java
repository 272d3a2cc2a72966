package io.distill.core.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.distill.contract.datasets.InputShape;
import io.distill.contract.requests.Augmentation;
import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class CopiesTest {

    @Test
    void shiftsAreWithinJitterCoverEveryOffsetAndRepeatForTheSameSeedExampleAndCopy() {
        for (int jitter = 1; jitter <= 8; jitter++) {
            Augmentation augmentation = new Augmentation(32, jitter, 1);
            Set<Integer> dxs = new HashSet<>();
            Set<Integer> dys = new HashSet<>();
            for (int exampleId = 0; exampleId < 300; exampleId++) {
                for (int copy = 1; copy < 32; copy++) {
                    Translation.Shift s = Copies.shift(augmentation, exampleId, copy);
                    assertThat(Math.abs(s.dx())).as("dx of %d/%d", exampleId, copy).isLessThanOrEqualTo(jitter);
                    assertThat(Math.abs(s.dy())).as("dy of %d/%d", exampleId, copy).isLessThanOrEqualTo(jitter);
                    // A fresh generator for the same key: the shift depends on nothing else.
                    assertThat(Copies.shift(new Augmentation(2, jitter, 1), exampleId, copy)).isEqualTo(s);
                    dxs.add(s.dx());
                    dys.add(s.dy());
                }
            }
            assertThat(dxs).hasSize(2 * jitter + 1);
            assertThat(dys).hasSize(2 * jitter + 1);
        }
    }

    @Test
    void copyZeroIsNeverMovedAndAnotherSeedMovesTheOtherCopiesDifferently() {
        Augmentation one = new Augmentation(4, 3, 1);
        Augmentation two = new Augmentation(4, 3, 2);
        int differ = 0;
        for (int exampleId = 0; exampleId < 100; exampleId++) {
            assertThat(Copies.shift(one, exampleId, 0)).isEqualTo(Translation.Shift.NONE);
            assertThat(Copies.shift(two, exampleId, 0)).isEqualTo(Translation.Shift.NONE);
            differ += Copies.shift(one, exampleId, 1).equals(Copies.shift(two, exampleId, 1)) ? 0 : 1;
        }
        // Two independent draws out of 49 offsets agree about one time in 49.
        assertThat(differ).isGreaterThan(90);
    }

    @Test
    void copiesFollowEachImageByItsTranslatedCopiesWithItsIdAndLabel() {
        ExampleSet images = randomImages(5);
        Augmentation augmentation = new Augmentation(3, 2, 7);

        ExampleSet copies = Copies.of(augmentation, images);

        assertThat(copies.size()).isEqualTo(15);
        int moved = 0;
        for (int at = 0; at < copies.size(); at++) {
            int i = at / 3;
            int copy = augmentation.copyAt(at);
            assertThat(copies.id(at)).isEqualTo(images.id(i));
            assertThat(copies.label(at)).isEqualTo(images.label(i));
            Translation.Shift s = Copies.shift(augmentation, images.id(i), copy);
            assertThat(copies.pixels(at)).as("copy %d of example %d", copy, images.id(i))
                    .isEqualTo(translated(images, i, s));
            if (copy == 0) {
                assertThat(copies.pixels(at)).isEqualTo(images.pixels(i));
            }
            moved += s.equals(Translation.Shift.NONE) ? 0 : 1;
        }
        assertThat(moved).isGreaterThanOrEqualTo(8);
        // Applied again, for a second stream of the same set: the same pixels.
        ExampleSet again = Copies.of(augmentation, images);
        for (int at = 0; at < copies.size(); at++) {
            assertThat(again.pixels(at)).isEqualTo(copies.pixels(at));
        }
    }

    @Test
    void oneCopyIsTheSetItselfAndCopiesWithoutJitterAreRefused() {
        ExampleSet images = randomImages(2);

        assertThat(Copies.of(Augmentation.NONE, images)).isSameAs(images);
        assertThatThrownBy(() -> new Augmentation(2, 0, 1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Jitter is 0").hasMessageContaining("2 copies");
        assertThatThrownBy(() -> new Augmentation(0, 1, 1)).hasMessageContaining("Copies is 0");
        assertThatThrownBy(() -> new Translation(2).shiftOf(1, 0, -1)).hasMessageContaining("Copy is -1");
    }

    /** Image {@code i} moved by {@code s}, through the teacher's own translation. */
    private static byte[] translated(ExampleSet images, int i, Translation.Shift s) {
        int[] src = new int[images.features()];
        int[] dest = new int[images.features()];
        images.copyPixels(i, src);
        Translation.shift(src, dest, images.shape(), s);
        byte[] out = new byte[dest.length];
        for (int p = 0; p < dest.length; p++) {
            out[p] = (byte) dest[p];
        }
        return out;
    }

    /** {@code n} 28x28 images of random pixels, with ids 10, 20, ... so ids differ from positions. */
    private static ExampleSet randomImages(int n) {
        Random random = new Random(3);
        byte[] pixels = new byte[n * 784];
        random.nextBytes(pixels);
        int[] labels = new int[n];
        int[] ids = new int[n];
        for (int i = 0; i < n; i++) {
            labels[i] = i % 10;
            ids[i] = 10 * (i + 1);
        }
        return ExampleSet.uint8("random", InputShape.MNIST, 10, pixels, labels, ids);
    }
}
