package io.distill.core.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.dataset.Batch;
import io.distill.contract.requests.ClassFilter;
import io.distill.core.testing.TestData;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ImageSetTest {

    @Test
    void omittingThreesLeavesNoThreeAndKeepsEveryOtherExampleWithItsId() throws IOException {
        ImageSet train = TestData.mnist().train();
        ImageSet noThrees = train.filter(ClassFilter.of(List.of(3), null, 10));

        assertThat(noThrees.classCounts()[3]).isZero();
        assertThat(noThrees.size()).isEqualTo(train.size() - train.classCounts()[3]);
        assertThat(noThrees.id(0)).isEqualTo(0);
        assertThat(noThrees.label(0)).isEqualTo(train.label(0));
    }

    @Test
    void keepingOnlySevensAndEightsKeepsNothingElse() throws IOException {
        ImageSet only = TestData.mnist().train().filter(ClassFilter.of(null, List.of(7, 8), 10));

        int[] counts = only.classCounts();
        assertThat(counts[7] + counts[8]).isEqualTo(only.size()).isPositive();
    }

    @Test
    void refusesConflictingOrOutOfRangeFilters() {
        assertThatThrownBy(() -> ClassFilter.of(List.of(3), List.of(7), 10))
                .hasMessageContaining("omitClasses").hasMessageContaining("onlyClasses");
        assertThatThrownBy(() -> ClassFilter.of(List.of(10), null, 10)).hasMessageContaining("omitClasses holds 10");
    }

    @Test
    void translationMovesPixelsAndFillsTheBorderWithZeros() {
        int[] src = {1, 2, 3, 4, 5, 6, 7, 8, 9};
        int[] dest = new int[9];

        Translation.shift(src, dest, 3, 3, 1, -1);

        assertThat(dest).containsExactly(0, 4, 5, 0, 7, 8, 0, 0, 0);
    }

    @Test
    void eachEpochGetsItsOwnShuffleAndJitterAndAnEpochRepeatsExactly() throws IOException {
        ImageSet small = TestData.mnist().train().limit(256);
        BatchedDataset data = BatchedDataset.builder(small).batchSize(64).shuffle(true).jitter(2).seed(7).build();

        try (NDManager manager = NDManager.newBaseManager(TestData.engine().defaultDevice(), "MXNet")) {
            data.setEpoch(0);
            float[] first = firstBatch(data, manager);
            data.setEpoch(1);
            float[] second = firstBatch(data, manager);
            data.setEpoch(0);
            float[] again = firstBatch(data, manager);

            assertThat(again).containsExactly(first);
            assertThat(second).isNotEqualTo(first);
        }
    }

    @Test
    void servesEveryExampleOnceAnEpochWithPixelsInTheUnitRange() throws IOException {
        ImageSet small = TestData.mnist().test().limit(300);
        BatchedDataset data = BatchedDataset.builder(small).batchSize(128).shuffle(true).seed(3).build();
        List<Integer> labels = new ArrayList<>();

        try (NDManager manager = NDManager.newBaseManager(TestData.engine().defaultDevice(), "MXNet")) {
            for (Batch batch : data.getData(manager)) {
                try (batch) {
                    NDArray x = batch.getData().head();
                    assertThat(x.min().getFloat()).isGreaterThanOrEqualTo(0f);
                    assertThat(x.max().getFloat()).isLessThanOrEqualTo(1f).isPositive();
                    for (int label : batch.getLabels().head().toIntArray()) {
                        labels.add(label);
                    }
                }
            }
        }

        assertThat(labels).hasSize(300);
        int[] counts = new int[10];
        labels.forEach(l -> counts[l]++);
        assertThat(counts).containsExactly(small.classCounts());
    }

    private static float[] firstBatch(BatchedDataset data, NDManager manager) {
        try (Batch batch = data.getData(manager).iterator().next()) {
            return batch.getData().head().toFloatArray();
        }
    }
}
