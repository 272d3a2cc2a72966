package io.distill.core.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.dataset.Batch;
import io.distill.contract.datasets.ElementType;
import io.distill.contract.datasets.InputShape;
import io.distill.contract.requests.ClassFilter;
import io.distill.core.testing.TestData;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ExampleSetTest {

    @Test
    void omittingThreesLeavesNoThreeAndKeepsEveryOtherExampleWithItsId() throws IOException {
        ExampleSet train = TestData.mnist().train();
        ExampleSet noThrees = train.filter(ClassFilter.of(List.of(3), null, 10));

        assertThat(noThrees.classCounts()[3]).isZero();
        assertThat(noThrees.size()).isEqualTo(train.size() - train.classCounts()[3]);
        assertThat(noThrees.id(0)).isEqualTo(0);
        assertThat(noThrees.label(0)).isEqualTo(train.label(0));
    }

    @Test
    void keepingOnlySevensAndEightsKeepsNothingElse() throws IOException {
        ExampleSet only = TestData.mnist().train().filter(ClassFilter.of(null, List.of(7, 8), 10));

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

        Translation.shift(src, dest, InputShape.image(1, 3, 3), new Translation.Shift(1, -1));

        assertThat(dest).containsExactly(0, 4, 5, 0, 7, 8, 0, 0, 0);
    }

    @Test
    void translationMovesEveryChannelOfAFloatImageAlike() {
        float[] src = {1, 2, 3, 4, 10, 20, 30, 40};
        float[] dest = new float[8];

        Translation.shift(src, dest, InputShape.image(2, 2, 2), new Translation.Shift(-1, 0));

        assertThat(dest).containsExactly(2, 0, 4, 0, 20, 0, 40, 0);
    }

    @Test
    void aFloatSetKeepsItsValuesThroughFilterAndLimitAndRefusesJitterForVectors() {
        float[] values = {0.5f, -1f, 2f, 3f, 4f, 5f};
        ExampleSet set = ExampleSet.float32("table", InputShape.vector(2), 3, values, new int[] {2, 0, 2},
                ExampleSet.sequentialIds(3));

        ExampleSet twos = set.filter(ClassFilter.of(null, List.of(2), 3));
        float[] row = new float[2];
        twos.copyFloats(1, row);

        assertThat(twos.size()).isEqualTo(2);
        assertThat(twos.id(1)).isEqualTo(2);
        assertThat(row).containsExactly(4f, 5f);
        assertThat(set.type()).isEqualTo(ElementType.FLOAT32);
        assertThatThrownBy(() -> BatchedDataset.builder(set).jitter(1).build())
                .hasMessageContaining("Jitter is 1 pixels").hasMessageContaining("vectors of 2 features");
    }

    @Test
    void eachEpochGetsItsOwnShuffleAndJitterAndAnEpochRepeatsExactly() throws IOException {
        ExampleSet small = TestData.mnist().train().limit(256);
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
        ExampleSet small = TestData.mnist().test().limit(300);
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
