package io.distill.core.data.formats;

import static io.distill.core.data.formats.Fixtures.png;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.distill.contract.datasets.DatasetFormat;
import io.distill.contract.datasets.ElementType;
import io.distill.contract.datasets.InputShape;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageFolderReaderTest {

    @TempDir
    Path dir;

    /** A 3x2 RGB image whose red is 10x + y + k, green 100 + k, blue 200 + y: no two planes or rows alike. */
    private static byte[] rgb(int k) {
        return png(3, 2, false, (x, y) -> ((10 * x + y + k) << 16) | ((100 + k) << 8) | (200 + y));
    }

    private static byte[] grey(int k) {
        return png(3, 2, true, (x, y) -> 10 * x + y + k);
    }

    /** Two classes in train (entries written out of order), one in test, junk beside them. */
    private static Map<String, byte[]> layout() {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        entries.put("train/dog/b.png", rgb(2));
        entries.put("train/cat/a.png", rgb(0));
        entries.put("train/dog/a.PNG", rgb(1));
        entries.put("test/dog/x.png", rgb(3));
        entries.put("README.md", "hello".getBytes());
        entries.put("__MACOSX/train/cat/._a.png", "junk".getBytes());
        entries.put("train/cat/.DS_Store", "junk".getBytes());
        return entries;
    }

    private static SourceDataset read(Path archive) throws IOException {
        return read(archive, ReadOptions.defaults());
    }

    private static SourceDataset read(Path archive, ReadOptions options) throws IOException {
        return DatasetReaders.read(DatasetFormat.IMAGE_FOLDER, archive, options);
    }

    @Test
    void readsAZipOfRgbImagesChannelsFirstInPathOrder() throws IOException {
        SourceDataset data = read(Fixtures.zip(dir.resolve("pets.zip"), layout()));

        assertThat(data.shape()).isEqualTo(InputShape.image(3, 2, 3));
        assertThat(data.type()).isEqualTo(ElementType.UINT8);
        assertThat(data.classNames()).containsExactly("cat", "dog");
        assertThat(data.train().labels()).containsExactly(0, 1, 1);
        assertThat(data.validation()).isNull();
        assertThat(data.test().labels()).containsExactly(1);
        byte[] first = Arrays.copyOf(data.train().bytes(), 18);
        assertThat(first).containsExactly(
                0, 10, 20, 1, 11, 21, // red, row 0 then row 1
                100, 100, 100, 100, 100, 100, // green
                (byte) 200, (byte) 200, (byte) 200, (byte) 201, (byte) 201, (byte) 201); // blue
        assertThat(data.train().bytes()[18]).isEqualTo((byte) 1); // train/dog/a.PNG sorts before b.png
        assertThat(data.train().bytes()[36]).isEqualTo((byte) 2);
    }

    @Test
    void readsGreyImagesFromATarGzUnderATopFolderWithANestedValidationSplit() throws IOException {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        entries.put("digits/train/one/1.png", grey(1));
        entries.put("digits/train/zero/0.png", grey(0));
        entries.put("digits/validation/zero/deeper/5.png", grey(5));
        entries.put("digits/test/one/7.png", grey(7));

        SourceDataset data = read(Fixtures.tar(dir.resolve("digits.tgz"), entries));

        assertThat(data.shape()).isEqualTo(InputShape.image(1, 2, 3));
        assertThat(data.classNames()).containsExactly("one", "zero");
        assertThat(data.train().bytes()).containsExactly(1, 11, 21, 2, 12, 22, 0, 10, 20, 1, 11, 21);
        assertThat(data.train().labels()).containsExactly(0, 1);
        assertThat(data.validation().labels()).containsExactly(1);
        assertThat(data.test().bytes()).startsWith(7, 17, 27);
    }

    @Test
    void readsAPlainTarWithTheUsersClassOrder() throws IOException {
        SourceDataset data = read(Fixtures.tar(dir.resolve("pets.tar"), layout()),
                ReadOptions.defaults().withClassNames(List.of("dog", "cat", "bird")));

        assertThat(data.classNames()).containsExactly("dog", "cat", "bird");
        assertThat(data.train().labels()).containsExactly(1, 0, 0);
    }

    @Test
    void refusesATestClassAbsentFromTrain() {
        Map<String, byte[]> entries = layout();
        entries.put("test/bird/y.png", rgb(4));

        assertThatThrownBy(() -> read(Fixtures.zip(dir.resolve("pets.zip"), entries)))
                .isInstanceOf(DatasetFileException.class)
                .hasMessage("Folder test/bird in pets.zip is class 'bird', which has no folder under train/; every"
                        + " class needs training images.");
    }

    @Test
    void refusesImagesOfAnotherSizeOrChannelsNamingTheEntry() {
        Map<String, byte[]> entries = layout();
        entries.put("test/cat/big.png", png(4, 2, false, (x, y) -> 0));
        assertThatThrownBy(() -> read(Fixtures.zip(dir.resolve("pets.zip"), entries)))
                .isInstanceOf(DatasetFileException.class)
                .hasMessage("Image pets.zip/test/cat/big.png is 4x2 RGB, but the first training image is 3x2 RGB;"
                        + " every image must have the same size and channels.")
                .extracting(e -> ((DatasetFileException) e).file()).isEqualTo("pets.zip/test/cat/big.png");

        entries.put("test/cat/big.png", grey(0));
        assertThatThrownBy(() -> read(Fixtures.zip(dir.resolve("pets2.zip"), entries)))
                .isInstanceOf(DatasetFileException.class)
                .hasMessageContaining("pets2.zip/test/cat/big.png is 3x2 grey, but the first training image is 3x2");
    }

    @Test
    void refusesAnUnreadableImage() {
        Map<String, byte[]> entries = layout();
        entries.put("train/cat/broken.png", Arrays.copyOf(rgb(0), 30));

        assertThatThrownBy(() -> read(Fixtures.zip(dir.resolve("pets.zip"), entries)))
                .isInstanceOf(DatasetFileException.class)
                .hasMessageStartingWith("Entry pets.zip/train/cat/broken.png is not a readable PNG or JPEG image");
    }

    @Test
    void refusesMissingFoldersDuplicateValidationAndTooFewClasses() {
        Map<String, byte[]> noTest = layout();
        noTest.remove("test/dog/x.png");
        assertThatThrownBy(() -> read(Fixtures.zip(dir.resolve("a.zip"), noTest)))
                .isInstanceOf(DatasetFileException.class)
                .hasMessage("Archive a.zip has no test/ folder of class folders with .png or .jpg images, such as"
                        + " test/cat/001.png.");

        Map<String, byte[]> twoVal = layout();
        twoVal.put("val/cat/1.png", rgb(0));
        twoVal.put("validation/cat/1.png", rgb(0));
        assertThatThrownBy(() -> read(Fixtures.zip(dir.resolve("b.zip"), twoVal)))
                .isInstanceOf(DatasetFileException.class)
                .hasMessageContaining("b.zip has both val/ and validation/ folders");

        Map<String, byte[]> oneClass = layout();
        oneClass.remove("train/cat/a.png");
        assertThatThrownBy(() -> read(Fixtures.zip(dir.resolve("c.zip"), oneClass)))
                .isInstanceOf(DatasetFileException.class)
                .hasMessage("The labels in c.zip make 1 class, expected 2 to 20000.");
    }

    @Test
    void refusesCorruptTruncatedAndForeignArchives() throws IOException {
        Path zip = Fixtures.zip(dir.resolve("pets.zip"), layout());
        byte[] whole = Files.readAllBytes(zip);
        Files.write(zip, Arrays.copyOf(whole, whole.length - 30));
        assertThatThrownBy(() -> read(zip)).isInstanceOf(DatasetFileException.class)
                .hasMessageStartingWith("File pets.zip is truncated or corrupt");

        Path tgz = Fixtures.tar(dir.resolve("pets.tar.gz"), layout());
        byte[] gz = Files.readAllBytes(tgz);
        Files.write(tgz, Arrays.copyOf(gz, gz.length / 2));
        assertThatThrownBy(() -> read(tgz)).isInstanceOf(DatasetFileException.class)
                .hasMessageStartingWith("File pets.tar.gz is truncated or corrupt");

        Path text = Files.writeString(dir.resolve("notes.zip"), "just some text, no archive");
        assertThatThrownBy(() -> read(text)).isInstanceOf(DatasetFileException.class)
                .hasMessage("File notes.zip is neither a .zip nor a .tar archive.");
    }

    @Test
    void refusesEntriesOverTheLimits() throws IOException {
        Path zip = Fixtures.zip(dir.resolve("pets.zip"), layout());
        long largest = layout().values().stream().mapToLong(b -> b.length).max().orElseThrow();
        assertThatCode(() -> read(zip, ReadOptions.defaults().withMaxFileBytes(Files.size(zip))
                .withMaxDecompressedBytes(1 << 20)))
                .doesNotThrowAnyException();
        assertThatThrownBy(() -> read(zip, ReadOptions.defaults().withMaxFileBytes(largest - 1)))
                .isInstanceOf(DatasetFileException.class)
                .hasMessageContaining("more than the limit of " + String.format("%,d", largest - 1) + " bytes.");

        Map<String, byte[]> bomb = layout();
        bomb.put("train/cat/huge.png", png(2000, 2000, true, (x, y) -> 0));
        assertThatThrownBy(() -> read(Fixtures.zip(dir.resolve("bomb.zip"), bomb),
                ReadOptions.defaults().withMaxDecompressedBytes(1_000_000)))
                .isInstanceOf(DatasetFileException.class)
                .hasMessage("File bomb.zip/train/cat/huge.png inflates past the limit of 1,000,000 bytes of"
                        + " decompressed data in one upload.");
    }
}
