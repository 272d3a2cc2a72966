package io.distill.core.data.formats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.distill.contract.datasets.DatasetFormat;
import io.distill.contract.datasets.ElementType;
import io.distill.contract.datasets.InputShape;
import io.distill.contract.requests.DatasetNames;
import io.distill.core.data.Datasets;
import io.distill.core.data.ExampleSet;
import io.distill.core.testing.TestData;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IdxFolderReaderTest {

    @TempDir
    Path dir;

    private static byte[] images(int count, int rows, int cols, int first) {
        ByteBuffer bb = ByteBuffer.allocate(16 + count * rows * cols);
        bb.putInt(0x0803).putInt(count).putInt(rows).putInt(cols);
        for (int i = 0; i < count * rows * cols; i++) {
            bb.put((byte) (first + i));
        }
        return bb.array();
    }

    private static byte[] labels(int... labels) {
        ByteBuffer bb = ByteBuffer.allocate(8 + labels.length);
        bb.putInt(0x0801).putInt(labels.length);
        for (int label : labels) {
            bb.put((byte) label);
        }
        return bb.array();
    }

    /** Two 2x3 training digits and one test digit, the test files gzipped. */
    private void writeSet() throws IOException {
        Files.write(dir.resolve("train-images-idx3-ubyte"), images(2, 2, 3, 0));
        Files.write(dir.resolve("train-labels-idx1-ubyte"), labels(0, 2));
        Files.write(dir.resolve("t10k-images-idx3-ubyte.gz"), Fixtures.gzip(images(1, 2, 3, 100)));
        Files.write(dir.resolve("t10k-labels-idx1-ubyte.gz"), Fixtures.gzip(labels(1)));
    }

    private SourceDataset read(ReadOptions options) throws IOException {
        return DatasetReaders.read(DatasetFormat.IDX, dir, options);
    }

    @Test
    void readsRawAndGzippedFilesAsGreyImages() throws IOException {
        writeSet();

        SourceDataset data = read(ReadOptions.defaults());

        assertThat(data.shape()).isEqualTo(InputShape.image(1, 2, 3));
        assertThat(data.type()).isEqualTo(ElementType.UINT8);
        assertThat(data.classNames()).containsExactly("0", "1", "2");
        assertThat(data.train().bytes()).containsExactly(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11);
        assertThat(data.train().labels()).containsExactly(0, 2);
        assertThat(data.validation()).isNull();
        assertThat(data.test().bytes()).containsExactly(100, 101, 102, 103, 104, 105);
        assertThat(data.test().labels()).containsExactly(1);
    }

    @Test
    void takesTheUsersClassNames() throws IOException {
        writeSet();

        assertThat(read(ReadOptions.defaults().withClassNames(List.of("a", "b", "c", "d"))).classNames())
                .containsExactly("a", "b", "c", "d");
        assertThatThrownBy(() -> read(ReadOptions.defaults().withClassNames(List.of("a", "b"))))
                .isInstanceOf(DatasetFileException.class)
                .hasMessageContaining("Example 1 of the train split in train-labels-idx1-ubyte has label 2");
    }

    @Test
    void readsRealMnistLikeDatasetsLoad() throws IOException {
        Path mnist = TestData.dataDir().resolve(DatasetNames.MNIST);
        Datasets.Splits expected = TestData.mnist();

        SourceDataset data = DatasetReaders.read(DatasetFormat.IDX, mnist, ReadOptions.defaults());

        assertThat(data.shape()).isEqualTo(InputShape.MNIST);
        assertThat(data.classNames()).hasSize(10);
        ExampleSet train = expected.train();
        ExampleSet validation = expected.validation();
        assertThat(data.train().count()).isEqualTo(train.size() + validation.size());
        assertSame(data.train(), 0, train);
        assertSame(data.train(), train.size(), validation);
        assertSame(data.test(), 0, expected.test());
    }

    private static void assertSame(SplitArrays actual, int offset, ExampleSet expected) {
        int features = expected.features();
        for (int i = 0; i < expected.size(); i++) {
            int at = (offset + i) * features;
            assertThat(Arrays.equals(actual.bytes(), at, at + features, expected.pixels(i), 0, features))
                    .as("image %d of %s", i, expected.name()).isTrue();
            assertThat(actual.labels()[offset + i]).isEqualTo(expected.label(i));
        }
    }

    @Test
    void refusesAMissingFile() throws IOException {
        writeSet();
        Files.delete(dir.resolve("t10k-labels-idx1-ubyte.gz"));

        assertThatThrownBy(() -> read(ReadOptions.defaults())).isInstanceOf(DatasetFileException.class)
                .hasMessageStartingWith("IDX file t10k-labels-idx1-ubyte (or t10k-labels-idx1-ubyte.gz) is missing")
                .extracting(e -> ((DatasetFileException) e).file()).isEqualTo("t10k-labels-idx1-ubyte");
    }

    @Test
    void refusesCountsThatDisagree() throws IOException {
        writeSet();
        Files.write(dir.resolve("train-labels-idx1-ubyte"), labels(0, 1, 1));

        assertThatThrownBy(() -> read(ReadOptions.defaults())).isInstanceOf(DatasetFileException.class)
                .hasMessage("IDX file train-labels-idx1-ubyte has 3 labels, but train-images-idx3-ubyte has 2 images.");
    }

    @Test
    void refusesATruncatedOrCorruptFile() throws IOException {
        writeSet();
        byte[] gz = Files.readAllBytes(dir.resolve("t10k-images-idx3-ubyte.gz"));
        Files.write(dir.resolve("t10k-images-idx3-ubyte.gz"), Arrays.copyOf(gz, gz.length - 12));

        assertThatThrownBy(() -> read(ReadOptions.defaults())).isInstanceOf(DatasetFileException.class)
                .hasMessageStartingWith("IDX file t10k-images-idx3-ubyte.gz is truncated");

        Files.write(dir.resolve("train-images-idx3-ubyte"), "not an IDX file".getBytes());
        assertThatThrownBy(() -> read(ReadOptions.defaults())).isInstanceOf(DatasetFileException.class)
                .hasMessageStartingWith("IDX file train-images-idx3-ubyte has a bad magic number");

        Files.write(dir.resolve("train-images-idx3-ubyte"), labels(1, 2));
        assertThatThrownBy(() -> read(ReadOptions.defaults())).isInstanceOf(DatasetFileException.class)
                .hasMessage("IDX file train-images-idx3-ubyte has 1 dimensions, expected 3.");
    }

    @Test
    void refusesFilesOverTheLimits() throws IOException {
        writeSet();
        assertThatThrownBy(() -> read(ReadOptions.defaults().withMaxFileBytes(20)))
                .isInstanceOf(DatasetFileException.class)
                .hasMessage("File train-images-idx3-ubyte is 28 bytes, more than the limit of 20 bytes.");

        Files.write(dir.resolve("train-images-idx3-ubyte"), Fixtures.gzip(images(1000, 28, 28, 0)));
        Files.write(dir.resolve("train-labels-idx1-ubyte"), labels(new int[1000]));
        assertThatThrownBy(() -> read(ReadOptions.defaults().withMaxDecompressedBytes(10_000)))
                .isInstanceOf(DatasetFileException.class)
                .hasMessageContaining("IDX file train-images-idx3-ubyte declares 784000 bytes of data, more than the"
                        + " limit of 10000");
    }
}
