package io.distill.core.data.formats;

import static io.distill.core.data.formats.Fixtures.f4;
import static io.distill.core.data.formats.Fixtures.f8;
import static io.distill.core.data.formats.Fixtures.i8;
import static io.distill.core.data.formats.Fixtures.npy;
import static io.distill.core.data.formats.Fixtures.shape;
import static io.distill.core.data.formats.Fixtures.u1;
import static io.distill.core.data.formats.Fixtures.unicode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.distill.contract.datasets.DatasetFormat;
import io.distill.core.testing.TestData;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The checks on an .npz's arrays: counts, labels, values, shapes, types and class names. */
class NpzArrayChecksTest {

    @TempDir
    Path dir;

    @BeforeAll
    static void engine() {
        TestData.engine();
    }

    private SourceDataset read(Map<String, byte[]> arrays) throws IOException {
        return DatasetReaders.read(DatasetFormat.NPZ, Fixtures.zip(dir.resolve("data.npz"), arrays),
                ReadOptions.defaults());
    }

    @Test
    void refusesCountsThatDisagree() {
        Map<String, byte[]> arrays = Fixtures.npzVectors();
        arrays.put("y_train.npy", i8(0, 1));

        assertThatThrownBy(() -> read(arrays)).isInstanceOf(DatasetFileException.class)
                .hasMessage("Array y_train in data.npz has 2 labels, but x_train has 3 examples.");
    }

    @Test
    void refusesLabelsOutOfRange() {
        Map<String, byte[]> arrays = Fixtures.npzVectors();
        arrays.put("class_names.npy", unicode("a", "b"));
        assertThatThrownBy(() -> read(arrays)).isInstanceOf(DatasetFileException.class)
                .hasMessage("Example 1 of the train split in data.npz/y_train.npy has label 2, expected a class"
                        + " index from 0 to 1 (2 classes).");

        arrays.put("y_test.npy", i8(-1, 0));
        arrays.remove("class_names.npy");
        assertThatThrownBy(() -> read(arrays)).isInstanceOf(DatasetFileException.class)
                .hasMessageContaining("Example 0 of the test split in data.npz/y_test.npy has label -1");
    }

    @Test
    void refusesNanAndInfiniteFeatures() {
        Map<String, byte[]> arrays = Fixtures.npzVectors();
        arrays.put("x_test.npy", f4(shape(2, 2), 6, 7, Float.NaN, 9));
        assertThatThrownBy(() -> read(arrays)).isInstanceOf(DatasetFileException.class)
                .hasMessage("Example 1 of the test split in data.npz/x_test.npy has feature 0 = NaN, expected a"
                        + " finite number.");

        arrays.put("x_test.npy", f8(shape(2, 2), 6, 7, 8, 1e300));
        assertThatThrownBy(() -> read(arrays)).isInstanceOf(DatasetFileException.class)
                .hasMessageContaining("Example 1 of the test split in data.npz/x_test.npy has feature 1 = Infinity");
    }

    @Test
    void refusesShapesOrTypesThatDifferBetweenSplits() {
        Map<String, byte[]> arrays = Fixtures.npzVectors();
        arrays.put("x_test.npy", f4(shape(2, 1), 6, 7));
        assertThatThrownBy(() -> read(arrays)).isInstanceOf(DatasetFileException.class)
                .hasMessage("The test examples in data.npz/x_test.npy are float32 of shape 1, but the train examples"
                        + " in data.npz/x_train.npy are float32 of shape 2; every split must match.");

        arrays.put("x_test.npy", u1(shape(2, 2), 6, 7, 8, 9));
        assertThatThrownBy(() -> read(arrays)).isInstanceOf(DatasetFileException.class)
                .hasMessageContaining("are uint8 of shape 2, but the train examples");
    }

    @Test
    void refusesDuplicateTooFewAndTooManyClasses() {
        Map<String, byte[]> arrays = Fixtures.npzVectors();
        arrays.put("class_names.npy", unicode("a", "b", "a"));
        assertThatThrownBy(() -> read(arrays)).isInstanceOf(DatasetFileException.class)
                .hasMessage("The class names in data.npz/class_names.npy name class 'a' twice.");

        arrays.put("class_names.npy", unicode("only"));
        assertThatThrownBy(() -> read(arrays)).isInstanceOf(DatasetFileException.class)
                .hasMessage("The class names in data.npz/class_names.npy make 1 class, expected 2 to 20000.");

        arrays.remove("class_names.npy");
        arrays.put("y_test.npy", i8(1, 20_000));
        assertThatThrownBy(() -> read(arrays)).isInstanceOf(DatasetFileException.class)
                .hasMessageContaining("The labels in data.npz/y_test.npy go up to 20000, which makes 20001 classes");
    }

    @Test
    void refusesAnEmptySplit() {
        Map<String, byte[]> arrays = Fixtures.npzVectors();
        arrays.put("x_test.npy", f4(shape(0, 2)));
        arrays.put("y_test.npy", i8());

        assertThatThrownBy(() -> read(arrays)).isInstanceOf(DatasetFileException.class)
                .hasMessage("The test split in data.npz/x_test.npy has no examples.");
    }

    @Test
    void refusesUnsupportedTypesAndShapes() {
        Map<String, byte[]> arrays = Fixtures.npzVectors();
        arrays.put("x_train.npy", npy("<i2", shape(3, 2), new byte[12]));
        assertThatThrownBy(() -> read(arrays)).isInstanceOf(DatasetFileException.class)
                .hasMessage("Entry data.npz/x_train.npy holds int16 values, expected uint8 for images or float32"
                        + " (float64 is converted) for features.");

        arrays.put("x_train.npy", f4(shape(3, 2), 0, 1, 2, 3, 4, 5));
        arrays.put("y_train.npy", f4(shape(3), 0, 1, 2));
        assertThatThrownBy(() -> read(arrays)).isInstanceOf(DatasetFileException.class)
                .hasMessageContaining("data.npz/y_train.npy holds float32 values, expected integer class indices");

        arrays.put("y_train.npy", i8(0, 2, 1));
        arrays.put("x_train.npy", u1(shape(3, 3, 2, 2), new int[36]));
        assertThatThrownBy(() -> read(arrays)).isInstanceOf(DatasetFileException.class)
                .hasMessageContaining("data.npz/x_train.npy has shape (3, 3, 2, 2), expected (N, features)");
    }
}
