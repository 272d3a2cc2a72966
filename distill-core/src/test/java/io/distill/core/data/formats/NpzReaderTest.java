package io.distill.core.data.formats;

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
import ai.djl.ndarray.types.DataType;
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
        SourceDataset data = read(Fixtures.npzVectors());

        assertThat(data.shape()).isEqualTo(InputShape.vector(2));
        assertThat(data.type()).isEqualTo(ElementType.FLOAT32);
        assertThat(data.classNames()).containsExactly("0", "1", "2");
        assertThat(data.train().floats()).containsExactly(0.5f, 1, 2, 3, 4, 5);
        assertThat(data.train().labels()).containsExactly(0, 2, 1);
        assertThat(data.validation()).isNull();
        assertThat(data.test().floats()).containsExactly(6, 7, 8, 9);
    }

    @Test
    void convertsFloat64AndFloat16AndReadsGreyImagesAsOneChannel() throws IOException {
        Map<String, byte[]> arrays = new LinkedHashMap<>();
        arrays.put("x_train.npy", f8(shape(2, 1, 2), 0.25, 1, 2, 3));
        arrays.put("y_train.npy", npy("<i4", shape(2), new byte[] {0, 0, 0, 0, 1, 0, 0, 0}));
        // float16 1.0 and -2.0, little-endian
        arrays.put("x_test.npy", npy("<f2", shape(1, 1, 2), new byte[] {0, 0x3c, 0, (byte) 0xc0}));
        arrays.put("y_test.npy", npy("|i1", shape(1), new byte[] {1}));

        SourceDataset data = read(arrays);

        assertThat(data.shape()).isEqualTo(InputShape.image(1, 1, 2));
        assertThat(data.train().floats()).containsExactly(0.25f, 1, 2, 3);
        assertThat(data.train().labels()).containsExactly(0, 1);
        assertThat(data.test().floats()).containsExactly(1f, -2f);
    }

    @Test
    void readsWhatDjlWritesAndLetsTheUserNameTheClasses() throws IOException {
        Path file = dir.resolve("djl.npz");
        try (NDManager manager = NDManager.newBaseManager(); OutputStream out = Files.newOutputStream(file)) {
            NDList list = new NDList(
                    manager.create(new byte[] {1, 2, 3, 4}, new Shape(2, 2)).toType(DataType.UINT8, false),
                    manager.create(new int[] {0, 1}),
                    manager.create(new byte[] {5, 6}, new Shape(1, 2)).toType(DataType.UINT8, false),
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
        Path file = Fixtures.zip(dir.resolve("data.npz"), Fixtures.npzVectors());
        byte[] whole = Files.readAllBytes(file);
        Files.write(file, Arrays.copyOf(whole, whole.length / 2));

        assertThatThrownBy(() -> DatasetReaders.read(DatasetFormat.NPZ, file, ReadOptions.defaults()))
                .isInstanceOf(DatasetFileException.class).hasMessageContaining("data.npz is not a readable");
    }

    @Test
    void refusesATruncatedArray() {
        Map<String, byte[]> arrays = Fixtures.npzVectors();
        byte[] x = arrays.get("x_train.npy");
        arrays.put("x_train.npy", Arrays.copyOf(x, x.length - 4));

        assertThatThrownBy(() -> read(arrays)).isInstanceOf(DatasetFileException.class)
                .hasMessageContaining("data.npz/x_train.npy is not a readable NumPy array");
    }

    @Test
    void refusesAMissingArray() {
        Map<String, byte[]> arrays = Fixtures.npzVectors();
        arrays.remove("y_test.npy");

        assertThatThrownBy(() -> read(arrays)).isInstanceOf(DatasetFileException.class)
                .hasMessageContaining("data.npz has no array y_test");
    }

    @Test
    void refusesAFileOverTheSizeLimit() throws IOException {
        Path file = Fixtures.zip(dir.resolve("data.npz"), Fixtures.npzVectors());
        long size = Files.size(file);

        assertThatThrownBy(() -> DatasetReaders.read(DatasetFormat.NPZ, file,
                ReadOptions.defaults().withMaxFileBytes(100)))
                .isInstanceOf(DatasetFileException.class)
                .hasMessage("File data.npz is " + String.format("%,d", size) + " bytes, more than the limit of 100"
                        + " bytes.");
    }

    @Test
    void refusesAZipBomb() {
        Map<String, byte[]> arrays = Fixtures.npzVectors();
        arrays.put("x_train.npy", u1(shape(100_000, 2), new int[200_000]));
        arrays.put("y_train.npy", u1(shape(100_000), new int[100_000]));

        assertThatThrownBy(() -> read(arrays, ReadOptions.defaults().withMaxDecompressedBytes(50_000)))
                .isInstanceOf(DatasetFileException.class)
                .hasMessage("File data.npz/x_train.npy inflates past the limit of 50,000 bytes of decompressed data"
                        + " in one upload.");
    }
}
