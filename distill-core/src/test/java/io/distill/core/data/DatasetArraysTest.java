package io.distill.core.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDManager;
import io.distill.contract.datasets.DatasetScaling;
import io.distill.contract.datasets.ElementType;
import io.distill.contract.datasets.InputShape;
import io.distill.core.data.formats.SourceDataset;
import io.distill.core.data.formats.SplitArrays;
import io.distill.core.testing.TestData;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatasetArraysTest {

    @TempDir
    Path tmp;

    @Test
    void mnistWrittenAndReadBackIsTheBuiltInSetByteForByte() throws IOException {
        Datasets.Splits mnist = TestData.mnist();
        Path file = tmp.resolve("data.npz");

        Datasets.Splits back;
        try (NDManager manager = NDManager.newBaseManager(TestData.engine().defaultDevice(), "MXNet")) {
            DatasetArrays.write(mnist, DatasetScaling.UNIT, file, manager);
            back = DatasetArrays.read("mnist", file, InputShape.MNIST, 10, manager);
            assertThat(DatasetArrays.featureScaling(file, manager)).as("images are not feature-scaled").isEmpty();
        }

        for (String split : List.of("train", "validation", "test")) {
            ExampleSet a = mnist.get(split);
            ExampleSet b = back.get(split);
            assertThat(b.size()).as(split).isEqualTo(a.size());
            for (int i = 0; i < a.size(); i += 97) {
                assertThat(b.pixels(i)).as("%s example %d", split, i).isEqualTo(a.pixels(i));
                assertThat(b.label(i)).isEqualTo(a.label(i));
                assertThat(b.id(i)).isEqualTo(i);
            }
        }
        assertThat(back.validation().size()).isEqualTo(5_000);
    }

    @Test
    void floatSetsAreScaledByTheTrainingSplitsRangeOrMomentsAndAConstantFeatureStaysFinite() throws IOException {
        // Feature 0 takes 1, 3, 1, 3, ... in training (range 1 to 3; mean 2, deviation 1); feature 1 is always 7.
        int n = 24;
        float[] train = new float[n * 2];
        for (int i = 0; i < n; i++) {
            train[2 * i] = i % 2 == 0 ? 1 : 3;
            train[2 * i + 1] = 7;
        }
        SourceDataset source = new SourceDataset(InputShape.vector(2), ElementType.FLOAT32, List.of("a", "b"),
                new SplitArrays(null, train, new int[n]), null,
                new SplitArrays(null, new float[] {5, 7}, new int[] {1}));
        Datasets.Splits splits = DatasetArrays.splits("table", source);
        assertThat(splits.validation().size()).isEqualTo(2);
        assertThat(splits.train().size()).isEqualTo(22);

        assertThat(testRow(splits, DatasetScaling.STANDARD)).containsExactly(3f, 0f);
        assertThat(testRow(splits, DatasetScaling.MINMAX)).containsExactly(2f, 0f);
        assertThat(DatasetArrays.scaling(source, null)).isEqualTo(DatasetScaling.MINMAX);
        assertThatThrownBy(() -> DatasetArrays.scaling(source, DatasetScaling.UNIT))
                .hasMessageContaining("is unit, which a float32 set cannot take; expected minmax or standard");
    }

    /**
     * The first test example's inputs after writing the splits with {@code scaling} and reading them back,
     * checked to be what the arrays' own feature scaling makes of the raw row (as predict scales what it is sent).
     */
    private float[] testRow(Datasets.Splits splits, DatasetScaling scaling) throws IOException {
        Path file = tmp.resolve(scaling.label() + ".npz");
        Datasets.Splits back;
        Optional<FeatureScaling> fitted;
        try (NDManager manager = NDManager.newBaseManager(TestData.engine().defaultDevice(), "MXNet")) {
            DatasetArrays.write(splits, scaling, file, manager);
            back = DatasetArrays.read("table", file, InputShape.vector(2), 2, manager);
            fitted = DatasetArrays.featureScaling(file, manager);
        }
        assertThat(back.test().label(0)).isEqualTo(1);
        float[] row = new float[2];
        back.test().copyFloats(0, row);
        float[] raw = new float[2];
        splits.test().copyFloats(0, raw);
        assertThat(fitted).get().extracting(FeatureScaling::features).isEqualTo(2);
        assertThat(fitted.orElseThrow().apply(raw)).containsExactly(row);
        return row;
    }

    @Test
    void aTrainingSplitTooSmallToCarveIsRefused() {
        SourceDataset source = new SourceDataset(InputShape.vector(1), ElementType.UINT8, List.of("a", "b"),
                new SplitArrays(new byte[5], null, new int[5]), null, new SplitArrays(new byte[1], null, new int[1]));

        assertThatThrownBy(() -> DatasetArrays.splits("tiny", source))
                .hasMessageContaining("Training split of tiny has 5 examples");
    }
}
