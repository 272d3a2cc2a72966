package io.distill.core.specialist;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ControlLengthTest {

    @Test
    void theControlTrainsOnTheSpecialistsMixesTimesTheirEpochsRoundedUpToWholeEpochsOfTheTransferSet() {
        // Fashion-MNIST's three specialists of docs/results.md, 10 epochs each, over a 55,000-example set.
        ControlLength length = ControlLength.match(List.of(43_990, 32_960, 33_050), 10, 55_000);

        assertThat(length.specialistExamples()).isEqualTo(1_100_000L);
        assertThat(length.epochs()).isEqualTo(20);
        assertThat(length.examples()).isEqualTo(1_100_000L);
        assertThat(length.transferSetExamples()).isEqualTo(55_000);

        // One example more needs a whole epoch more.
        ControlLength over = ControlLength.match(List.of(43_990, 32_961, 33_050), 10, 55_000);
        assertThat(over.specialistExamples()).isEqualTo(1_100_010L);
        assertThat(over.epochs()).isEqualTo(21);
        assertThat(over.examples()).isEqualTo(1_155_000L);
    }

    @Test
    void lessThanOneEpochOfSpecialistTrainingStillGivesTheControlOneEpoch() {
        ControlLength length = ControlLength.match(List.of(10), 1, 6_000);

        assertThat(length.epochs()).isEqualTo(1);
        assertThat(length.examples()).isEqualTo(6_000L);
    }

    @Test
    void theControlNeverTrainsOnFewerExamplesThanTheSpecialistsNorOnAWholeEpochMore() {
        Random random = new Random(11);
        for (int trial = 0; trial < 1_000; trial++) {
            int setSize = 1 + random.nextInt(60_000);
            int epochs = 1 + random.nextInt(50);
            List<Integer> mixes = new ArrayList<>();
            for (int m = 0; m <= random.nextInt(10); m++) {
                mixes.add(1 + random.nextInt(setSize));
            }
            long total = mixes.stream().mapToLong(s -> (long) s * epochs).sum();

            ControlLength length = ControlLength.match(mixes, epochs, setSize);

            assertThat(length.specialistExamples()).isEqualTo(total);
            assertThat(length.examples()).isEqualTo((long) length.epochs() * setSize)
                    .isGreaterThanOrEqualTo(total).isLessThan(total + setSize);
        }
    }

    @Test
    void theLargestRequestStaysExactWithoutOverflow() {
        // Ten specialists whose mixes are the whole set, 100,000 epochs each: 6e10 examples, beyond an int.
        Integer[] mixes = new Integer[10];
        Arrays.fill(mixes, 60_000);

        ControlLength length = ControlLength.match(List.of(mixes), 100_000, 60_000);

        assertThat(length.specialistExamples()).isEqualTo(60_000_000_000L);
        assertThat(length.epochs()).isEqualTo(1_000_000);
    }

    @Test
    void nothingToMatchOrNothingToTrainOnIsRefusedWithASentence() {
        assertThatThrownBy(() -> ControlLength.match(List.of(), 10, 100))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no specialists");
        assertThatThrownBy(() -> ControlLength.match(List.of(50), 10, 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("0 examples");
        assertThatThrownBy(() -> ControlLength.match(List.of(50), 0, 100))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("0 epochs");
        assertThatThrownBy(() -> ControlLength.match(List.of(50, 0), 3, 100))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("0 examples");
    }
}
