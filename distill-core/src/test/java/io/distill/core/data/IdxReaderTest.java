package io.distill.core.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.distill.contract.datasets.InputShape;
import io.distill.contract.requests.DatasetNames;
import io.distill.core.testing.TestData;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IdxReaderTest {

    @TempDir
    Path tmp;

    @Test
    void readsRealMnistWithItsKnownCountsAndFirstLabels() throws IOException {
        Path dir = TestData.dataDir().resolve("mnist");
        ExampleSet train = Datasets.read("mnist", dir, "train-images-idx3-ubyte", "train-labels-idx1-ubyte", "train");
        ExampleSet test = Datasets.read("mnist", dir, "t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte", "test");

        assertThat(train.size()).isEqualTo(60_000);
        assertThat(test.size()).isEqualTo(10_000);
        assertThat(train.shape()).isEqualTo(InputShape.MNIST);
        assertThat(new int[] {train.label(0), train.label(1), train.label(2), train.label(3), train.label(4)})
                .containsExactly(5, 0, 4, 1, 9);
        assertThat(Arrays.stream(train.classCounts()).sum()).isEqualTo(60_000);
    }

    @Test
    void splitsTheLastFiveThousandTrainingImagesOffForValidation() throws IOException {
        Datasets.Splits splits = TestData.mnist();

        assertThat(splits.train().size()).isEqualTo(55_000);
        assertThat(splits.validation().size()).isEqualTo(5_000);
        assertThat(splits.validation().id(0)).isEqualTo(55_000);
        assertThat(splits.train().id(54_999)).isEqualTo(54_999);
    }

    @Test
    void readsGzippedFashionMnistThroughTheSameReader() throws IOException {
        Datasets.Splits fashion = Datasets.load(TestData.dataDir(), DatasetNames.FASHION_MNIST);

        assertThat(fashion.train().size() + fashion.validation().size()).isEqualTo(60_000);
        assertThat(fashion.test().size()).isEqualTo(10_000);
        assertThat(fashion.test().classCounts()).containsOnly(1_000);
    }

    @Test
    void refusesATruncatedFileNamingIt() throws IOException {
        Path file = writeImages(tmp.resolve("short-images"), 3, 2, 2, 11, false);

        assertThatThrownBy(() -> IdxReader.readImages(file))
                .isInstanceOf(IdxFormatException.class)
                .hasMessageContaining(file.toString())
                .hasMessageContaining("truncated");
    }

    @Test
    void refusesTrailingBytesNamingTheFile() throws IOException {
        Path file = writeImages(tmp.resolve("long-images"), 3, 2, 2, 13, false);

        assertThatThrownBy(() -> IdxReader.readImages(file))
                .isInstanceOf(IdxFormatException.class)
                .hasMessageContaining(file.toString())
                .hasMessageContaining("trailing");
    }

    @Test
    void refusesABadMagicNumberNamingTheFile() throws IOException {
        Path file = tmp.resolve("bad-magic");
        Files.write(file, new byte[] {0, 0, 0x0d, 3, 0, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0, 0});

        assertThatThrownBy(() -> IdxReader.readImages(file))
                .isInstanceOf(IdxFormatException.class)
                .hasMessageContaining(file.toString())
                .hasMessageContaining("magic");
    }

    @Test
    void refusesAFileCutInsideItsHeader() throws IOException {
        Path file = tmp.resolve("header-only");
        Files.write(file, new byte[] {0, 0, 8, 3, 0, 0});

        assertThatThrownBy(() -> IdxReader.readImages(file))
                .isInstanceOf(IdxFormatException.class)
                .hasMessageContaining(file.toString())
                .hasMessageContaining("header");
    }

    @Test
    void refusesACorruptGzipStreamNamingTheFile() throws IOException {
        Path good = writeImages(tmp.resolve("images.gz"), 3, 2, 2, 12, true);
        byte[] bytes = Files.readAllBytes(good);
        Path file = tmp.resolve("cut.gz");
        Files.write(file, Arrays.copyOf(bytes, bytes.length - 12));

        assertThatThrownBy(() -> IdxReader.readImages(file))
                .isInstanceOf(IdxFormatException.class)
                .hasMessageContaining(file.toString());
    }

    @Test
    void refusesLabelsThatDoNotMatchTheImageCount() throws IOException {
        writeImages(tmp.resolve("imgs"), 3, 2, 2, 12, false);
        writeLabels(tmp.resolve("lbls"), new byte[] {1, 2});

        assertThatThrownBy(() -> Datasets.read("toy", tmp, "imgs", "lbls", "toy"))
                .isInstanceOf(IdxFormatException.class)
                .hasMessageContaining("lbls")
                .hasMessageContaining("2 labels")
                .hasMessageContaining("3 images");
    }

    @Test
    void refusesALabelOutsideTheTenClasses() throws IOException {
        writeImages(tmp.resolve("imgs"), 2, 2, 2, 8, false);
        writeLabels(tmp.resolve("lbls"), new byte[] {1, 12});

        assertThatThrownBy(() -> Datasets.read("toy", tmp, "imgs", "lbls", "toy"))
                .isInstanceOf(IdxFormatException.class)
                .hasMessageContaining("lbls")
                .hasMessageContaining("label 12");
    }

    @Test
    void reportsAMissingDataSetWithWhereItLookedAndHowToFetchIt() {
        assertThatThrownBy(() -> Datasets.load(tmp, DatasetNames.MNIST))
                .isInstanceOf(DatasetMissingException.class)
                .hasMessageContaining(tmp.resolve("mnist").toString())
                .hasMessageContaining("fetch-all.sh");
    }

    /** Writes an images file whose header says count x rows x cols but which holds dataBytes bytes. */
    private static Path writeImages(Path file, int count, int rows, int cols, int dataBytes, boolean gzip)
            throws IOException {
        ByteBuffer buf = ByteBuffer.allocate(16 + dataBytes);
        buf.putInt(0x00000803).putInt(count).putInt(rows).putInt(cols);
        write(file, buf.array(), gzip);
        return file;
    }

    private static void writeLabels(Path file, byte[] labels) throws IOException {
        ByteBuffer buf = ByteBuffer.allocate(8 + labels.length);
        buf.putInt(0x00000801).putInt(labels.length).put(labels);
        write(file, buf.array(), false);
    }

    private static void write(Path file, byte[] bytes, boolean gzip) throws IOException {
        try (OutputStream out = gzip ? new GZIPOutputStream(Files.newOutputStream(file)) : Files.newOutputStream(file)) {
            out.write(bytes);
        }
    }
}
