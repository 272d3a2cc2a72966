package io.distill.core.data.formats;

import static io.distill.core.data.formats.Fixtures.f4;
import static io.distill.core.data.formats.Fixtures.f8;
import static io.distill.core.data.formats.Fixtures.i8;
import static io.distill.core.data.formats.Fixtures.npy;
import static io.distill.core.data.formats.Fixtures.shape;
import static io.distill.core.data.formats.Fixtures.u1;
import static io.distill.core.data.formats.Fixtures.unicode;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.distill.contract.datasets.DatasetFormat;
import io.distill.contract.datasets.ElementType;
import io.distill.contract.datasets.InputShape;
import io.distill.core.testing.TestData;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NpzReaderTest {

    @TempDir
    Path dir;

    @BeforeAll
    static void engine() {
        TestData.engine();
    }

    /** A valid Keras-layout set of 2-feature vectors: 3 train, 2 test examples, classes 0..2. */
    private static Map<String, byte[]> vectors() {
        Map<String, byte[]> arrays = new LinkedHashMap<>();
        arrays.put("x_train.npy", f4(shape(3, 2), 0.5f, 1, 2, 3, 4, 5));
        arrays.put("y_train.npy", i8(0, 2, 1));
        arrays.put("x_test.npy", f4(shape(2, 2), 6, 7, 8, 9));
        arrays.put("y_test.npy", i8(1, 0));
        return arrays;
    }

    private SourceDataset read(Map<String, byte[]> arrays) throws IOException {
        return read(arrays, ReadOptions.defaults());
    }

    private SourceDataset read(Map<String, byte[]> arrays, ReadOptions options) throws IOException {
        return DatasetReaders.read(DatasetFormat.NPZ, Fixtures.zip(dir.resolve("data.npz"), arrays), options);
    }

    @Test
    void readsChannelsLastImagesAsChannelsFirstWithClassNamesAndValidation() throws IOException {
        // x[n][y][x][c] = 18n + 9y + 3x + c: 2 examples of height 2, width 3, 3 channels.
        int[] hwc = IntStream.range(0, 36).toArray();
        Map<String, byte[]> arrays = new LinkedHashMap<>();
        arrays.put("x_train.npy", u1(shape(2, 2, 3, 3), hwc));
        arrays.put("y_train.npy", npy("|u1", shape(2, 1), new byte[] {1, 0}));
        arrays.put("x_valid.npy", u1(shape(1, 2, 3, 3), Arrays.copyOf(hwc, 18)));
        arrays.put("y_valid.npy", i8(1));
        arrays.put("x_test.npy", u1(shape(1, 2, 3, 3), Arrays.copyOfRange(hwc, 18, 36)));
        arrays.put("y_test.npy", i8(0));
        arrays.put("class_names.npy", unicode("cat", "dög"));

        SourceDataset data = read(arrays);

        assertThat(data.shape()).isEqualTo(InputShape.image(3, 2, 3));
        assertThat(data.type()).isEqualTo(ElementType.UINT8);
        assertThat(data.classNames()).containsExactly("cat", "dög");
        assertThat(data.train().labels()).containsExactly(1, 0);
        byte[] chw = data.train().bytes();
        for (int n = 0; n < 2; n++) {
            for (int c = 0; c < 3; c++) {
                for (int y = 0; y < 2; y++) {
                    for (int x = 0; x < 3; x++) {
                        assertThat(chw[n * 18 + c * 6 + y * 3 + x]).isEqualTo((byte) (n * 18 + y * 9 + x * 3 + c));
                    }
                }
            }
        }
        assertThat(data.validation().bytes()).isEqualTo(Arrays.copyOf(chw, 18));
        assertThat(data.validation().labels()).containsExactly(1);
        assertThat(data.test().bytes()).isEqualTo(Arrays.copyOfRange(chw, 18, 36));
    }

    @Test
    void readsFloatVectorsAndNamesClassesByIndexWithoutClassNames() throws IOException {
        SourceDataset data = read(vectors());

        assertThat(data.shape()).isEqualTo(InputShape.vector(2));
        assertThat(data.type()).isEqualTo(ElementType.FLOAT32);
        assertThat(data.classNames()).containsExactly("0", "1", "2");
        assertThat(data.train().floats()).containsExactly(0.5f, 1, 2, 3, 4, 5);
        assertThat(data.train().labels()).containsExactly(0, 2, 1);
        assertThat(data.validation()).isNull();
        assertThat(data.test().floats()).containsExactly(6, 7, 8, 9);
    }

    @Test
    void convertsFloat64AndReadsGreyImagesAsOneChannel() throws IOException {
        Map<String, byte[]> arrays = new LinkedHashMap<>();
        arrays.put("x_train.npy", f8(shape(2, 1, 2), 0.25, 1, 2, 3));
        arrays.put("y_train.npy", i8(0, 1));
        arrays.put("x_test.npy", f8(shape(1, 1, 2), 4, 5));
        arrays.put("y_test.npy", i8(1));

        SourceDataset data = read(arrays);

        assertThat(data.shape()).isEqualTo(InputShape.image(1, 1, 2));
        assertThat(data.train().floats()).containsExactly(0.25f, 1, 2, 3);
    }

    @Test
    void readsWhatDjlWritesAndLetsTheUserNameTheClasses() throws IOException {
        Path file = dir.resolve("djl.npz");
        try (NDManager manager = NDManager.newBaseManager(); OutputStream out = Files.newOutputStream(file)) {
            NDList list = new NDList(
                    manager.create(new byte[] {1, 2, 3, 4}, new Shape(2, 2)).toType(ai.djl.ndarray.types.DataType.UINT8, false),
                    manager.create(new int[] {0, 1}),
                    manager.create(new byte[] {5, 6}, new Shape(1, 2)).toType(ai.djl.ndarray.types.DataType.UINT8, false),
                    manager.create(new long[] {1}));
            String[] names = {"x_train", "y_train", "x_test", "y_test"};
            for (int i = 0; i < names.length; i++) {
                list.get(i).setName(names[i]);
            }
            list.encode(out, NDList.Encoding.NPZ);
        }

        SourceDataset data = DatasetReaders.read(DatasetFormat.NPZ, file,
                ReadOptions.defaults().withClassNames(List.of("no", "yes", "maybe")));

        assertThat(data.type()).isEqualTo(ElementType.UINT8);
        assertThat(data.train().bytes()).containsExactly(1, 2, 3, 4);
        assertThat(data.test().labels()).containsExactly(1);
        assertThat(data.classNames()).containsExactly("no", "yes", "maybe");
    }

    @Test
    void refusesAFileThatIsNotAZip() throws IOException {
        Path file = Files.write(dir.resolve("data.npz"), "not a zip at all".getBytes());

        assertThatThrownBy(() -> DatasetReaders.read(DatasetFormat.NPZ, file, ReadOptions.defaults()))
                .isInstanceOf(DatasetFileException.class)
                .hasMessageContaining("data.npz is not a readable .npz")
                .extracting(e -> ((DatasetFileException) e).file()).isEqualTo("data.npz");
    }

    @Test
    void refusesATruncatedNpz() throws IOException {
        Path file = Fixtures.zip(dir.resolve("data.npz"), vectors());
        byte[] whole = Files.readAllBytes(file);
        Files.write(file, Arrays.copyOf(whole, whole.length / 2));

        assertThatThrownBy(() -> DatasetReaders.read(DatasetFormat.NPZ, file, ReadOptions.defaults()))
                .isInstanceOf(DatasetFileException.class).hasMessageContaining("data.npz is not a readable");
    }

    @Test
    void refusesATruncatedArray() {
        Map<String, byte[]> arrays = vectors();
        byte[] x = arrays.get("x_train.npy");
        arrays.put("x_train.npy", Arrays.copyOf(x, x.length - 4));

        assertThatThrownBy(() -> read(arrays)).isInstanceOf(DatasetFileException.class)
                .hasMessageContaining("data.npz/x_train.npy is not a readable NumPy array");
    }

    @Test
    void refusesAMissingArray() {
        Map<String, byte[]> arrays = vectors();
        arrays.remove("y_test.npy");

        assertThatThrownBy(() -> read(arrays)).isInstanceOf(DatasetFileException.class)
                .hasMessageContaining("data.npz has no array y_test");
    }

    @Test
    void refusesCountsThatDisagree() {
        Map<String, byte[]> arrays = vectors();
        arrays.put("y_train.npy", i8(0, 1));

        assertThatThrownBy(() -> read(arrays)).isInstanceOf(DatasetFileException.class)
                .hasMessage("Array y_train in data.npz has 2 labels, but x_train has 3 examples.");
    }

    @Test
    void refusesLabelsOutOfRange() {
        Map<String, byte[]> arrays = vectors();
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
        Map<String, byte[]> arrays = vectors();
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
        Map<String, byte[]> arrays = vectors();
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
        Map<String, byte[]> arrays = vectors();
        arrays.put("class_names.npy", unicode("a", "b", "a"));
        assertThatThrownBy(() -> read(arrays)).isInstanceOf(DatasetFileException.class)
                .hasMessage("The class names in data.npz/class_names.npy name class 'a' twice.");

        arrays.put("class_names.npy", unicode("only"));
        assertThatThrownBy(() -> read(arrays)).isInstanceOf(DatasetFileException.class)
                .hasMessage("The class names in data.npz/class_names.npy make 1 class, expected 2 to 20000.");

        arrays.remove("class_names.npy");
        arrays.put("y_test.npy", i8(1, 20_000));
        assertThatThrownBy(() -> read(arrays)).isInstanceOf(DatasetFileException.class)
                .hasMessageContaining("The labels in data.npz/y_train.npy go up to 20000, which makes 20001 classes");
    }

    @Test
    void refusesAnEmptySplit() {
        Map<String, byte[]> arrays = vectors();
        arrays.put("x_test.npy", f4(shape(0, 2)));
        arrays.put("y_test.npy", i8());

        assertThatThrownBy(() -> read(arrays)).isInstanceOf(DatasetFileException.class)
                .hasMessage("The test split in data.npz/x_test.npy has no examples.");
    }

    @Test
    void refusesUnsupportedTypesAndShapes() {
        Map<String, byte[]> arrays = vectors();
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

    @Test
    void refusesAFileOverTheSizeLimit() throws IOException {
        Path file = Fixtures.zip(dir.resolve("data.npz"), vectors());
        long size = Files.size(file);

        assertThatThrownBy(() -> DatasetReaders.read(DatasetFormat.NPZ, file,
                ReadOptions.defaults().withMaxFileBytes(100)))
                .isInstanceOf(DatasetFileException.class)
                .hasMessage("File data.npz is " + String.format("%,d", size) + " bytes, more than the limit of 100"
                        + " bytes.");
    }

    @Test
    void refusesAZipBomb() {
        Map<String, byte[]> arrays = vectors();
        arrays.put("x_train.npy", u1(shape(100_000, 2), new int[200_000]));
        arrays.put("y_train.npy", u1(shape(100_000), new int[100_000]));

        assertThatThrownBy(() -> read(arrays, ReadOptions.defaults().withMaxDecompressedBytes(50_000)))
                .isInstanceOf(DatasetFileException.class)
                .hasMessage("File data.npz/x_train.npy inflates past the limit of 50,000 bytes of decompressed data"
                        + " in one upload.");
    }
}
