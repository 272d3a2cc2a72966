package io.distill.core.data.formats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.distill.contract.datasets.DatasetFormat;
import io.distill.contract.datasets.ElementType;
import io.distill.contract.datasets.InputShape;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CsvReaderTest {

    @TempDir
    Path dir;

    private Path write(String name, String text) throws IOException {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        return Files.write(dir.resolve(name), name.endsWith(".gz") ? Fixtures.gzip(bytes) : bytes);
    }

    private static SourceDataset read(Path file, ReadOptions options) throws IOException {
        return DatasetReaders.read(DatasetFormat.CSV, file, options);
    }

    /** Ten rows of two features, named labels in the last column. */
    private static String iris() {
        StringBuilder sb = new StringBuilder("sepal,petal,species\n");
        for (int i = 0; i < 10; i++) {
            sb.append(i).append(',').append(i + 0.5).append(',').append(i % 2 == 0 ? "setosa" : "iris").append('\n');
        }
        return sb.toString();
    }

    @Test
    void readsNamedLabelsSortedAndHoldsOutTheLastFifthAsTest() throws IOException {
        SourceDataset data = read(write("iris.csv.gz", iris()), ReadOptions.defaults());

        assertThat(data.shape()).isEqualTo(InputShape.vector(2));
        assertThat(data.type()).isEqualTo(ElementType.FLOAT32);
        assertThat(data.classNames()).containsExactly("iris", "setosa");
        assertThat(data.train().count()).isEqualTo(8);
        assertThat(data.train().floats()).startsWith(0f, 0.5f, 1f, 1.5f);
        assertThat(data.train().labels()).startsWith(1, 0, 1);
        assertThat(data.test().floats()).containsExactly(8f, 8.5f, 9f, 9.5f);
        assertThat(data.test().labels()).containsExactly(1, 0);
        assertThat(data.validation()).isNull();
    }

    @Test
    void holdsOutAtLeastOneRow() throws IOException {
        SourceDataset data = read(write("small.csv", "a,label\n1,0\n2,1\n3,1\n"), ReadOptions.defaults());

        assertThat(data.train().floats()).containsExactly(1f, 2f);
        assertThat(data.test().floats()).containsExactly(3f);
        assertThat(data.classNames()).containsExactly("0", "1");
    }

    @Test
    void takesTheLabelColumnByNameOrIndexAndATestFile() throws IOException {
        Path train = write("train.csv", "y,f1,f2\n2,1,2\n0,3,4\n");
        Path test = write("test.csv", "y,f1,f2\n1,5,6\n");

        SourceDataset byName = read(train, ReadOptions.defaults().withLabelColumn("y").withTestFile(test));
        assertThat(byName.train().floats()).containsExactly(1f, 2f, 3f, 4f);
        assertThat(byName.train().labels()).containsExactly(2, 0);
        assertThat(byName.test().floats()).containsExactly(5f, 6f);
        assertThat(byName.classNames()).containsExactly("0", "1", "2");

        Path noHeader = write("raw.csv", "2,1,2\n0,3,4\n1,5,6\n");
        SourceDataset byIndex = read(noHeader, ReadOptions.defaults().withHeader(false).withLabelColumn("0")
                .withClassNames(List.of("zero", "one", "two")));
        assertThat(byIndex.train().labels()).containsExactly(2, 0);
        assertThat(byIndex.test().labels()).containsExactly(1);
        assertThat(byIndex.classNames()).containsExactly("zero", "one", "two");
    }

    @Test
    void skipsTheByteOrderMarkOfSpreadsheetExports() throws IOException {
        SourceDataset data = read(write("excel.csv", "\uFEFFlabel,a\nx,1\ny,2\n"),
                ReadOptions.defaults().withLabelColumn("label"));

        assertThat(data.classNames()).containsExactly("x", "y");
        assertThat(data.train().floats()).containsExactly(1f);
    }

    @Test
    void ordersNamedLabelsAsTheGivenClassNames() throws IOException {
        SourceDataset data = read(write("iris.csv", iris()),
                ReadOptions.defaults().withClassNames(List.of("setosa", "iris", "virginica")));

        assertThat(data.classNames()).containsExactly("setosa", "iris", "virginica");
        assertThat(data.train().labels()).startsWith(0, 1, 0);

        assertThatThrownBy(() -> read(write("iris.csv", iris()),
                ReadOptions.defaults().withClassNames(List.of("setosa", "virginica"))))
                .isInstanceOf(DatasetFileException.class)
                .hasMessage("Label 'iris' in iris.csv is not one of the class names given: [setosa, virginica].");
    }

    @Test
    void refusesANonNumericFeatureNamingLineAndColumn() throws IOException {
        Path file = write("bad.csv", "a,b,label\n1,2,x\n3,oops,y\n");
        assertThatThrownBy(() -> read(file, ReadOptions.defaults())).isInstanceOf(DatasetFileException.class)
                .hasMessage("Line 3 of bad.csv, column 'b', holds 'oops', expected a number.");

        Path raw = write("raw.csv", "1,2,x\n3,,y\n");
        assertThatThrownBy(() -> read(raw, ReadOptions.defaults().withHeader(false)))
                .isInstanceOf(DatasetFileException.class)
                .hasMessage("Line 2 of raw.csv, column index 1, holds '', expected a number.");
    }

    @Test
    void refusesRaggedRowsAndMissingColumns() throws IOException {
        Path ragged = write("ragged.csv", "a,b,label\n1,2,x\n3,y\n");
        assertThatThrownBy(() -> read(ragged, ReadOptions.defaults())).isInstanceOf(DatasetFileException.class)
                .hasMessage("Line 3 of ragged.csv has 2 columns, expected 3 like the first line.");

        Path file = write("iris.csv", iris());
        assertThatThrownBy(() -> read(file, ReadOptions.defaults().withLabelColumn("colour")))
                .isInstanceOf(DatasetFileException.class)
                .hasMessageStartingWith("File iris.csv has no label column 'colour'; its columns are"
                        + " [sepal, petal, species]");

        Path one = write("one.csv", "label\nx\n");
        assertThatThrownBy(() -> read(one, ReadOptions.defaults())).isInstanceOf(DatasetFileException.class)
                .hasMessageStartingWith("File one.csv has 1 column, expected at least one feature column");

        Path empty = write("empty.csv", "a,label\n");
        assertThatThrownBy(() -> read(empty, ReadOptions.defaults())).isInstanceOf(DatasetFileException.class)
                .hasMessage("File empty.csv has no data rows.");
    }

    @Test
    void refusesNanFeaturesOneClassAndOutOfRangeLabels() throws IOException {
        Path nan = write("nan.csv", "a,label\n1,0\nNaN,1\n3,1\n");
        assertThatThrownBy(() -> read(nan, ReadOptions.defaults())).isInstanceOf(DatasetFileException.class)
                .hasMessage("Example 1 of the train split in nan.csv has feature 0 = NaN, expected a finite number.");

        Path oneClass = write("one.csv", "a,label\n1,x\n2,x\n");
        assertThatThrownBy(() -> read(oneClass, ReadOptions.defaults())).isInstanceOf(DatasetFileException.class)
                .hasMessage("The labels in one.csv make 1 class, expected 2 to 20000.");

        Path negative = write("neg.csv", "a,label\n1,0\n2,-1\n3,1\n");
        assertThatThrownBy(() -> read(negative, ReadOptions.defaults())).isInstanceOf(DatasetFileException.class)
                .hasMessageStartingWith("Example 1 of the train split in neg.csv has label -1");

        Path dup = write("dup.csv", "a,label\n1,0\n2,1\n");
        assertThatThrownBy(() -> read(dup, ReadOptions.defaults().withClassNames(List.of("a", "a"))))
                .isInstanceOf(DatasetFileException.class)
                .hasMessage("The class names given for dup.csv name class 'a' twice.");
    }

    @Test
    void refusesAFeatureCountThatDiffersInTheTestFile() throws IOException {
        Path train = write("train.csv", "f1,f2,y\n1,2,0\n3,4,1\n");
        Path test = write("test.csv", "f1,y\n5,1\n");

        assertThatThrownBy(() -> read(train, ReadOptions.defaults().withTestFile(test)))
                .isInstanceOf(DatasetFileException.class)
                .hasMessageStartingWith("The test examples in test.csv are float32 of shape 1, but the train examples"
                        + " in train.csv are float32 of shape 2");
    }

    @Test
    void refusesACorruptGzipAndAFileOverTheLimits() throws IOException {
        byte[] gz = Fixtures.gzip(iris().getBytes(StandardCharsets.UTF_8));
        Path truncated = Files.write(dir.resolve("cut.csv.gz"), Arrays.copyOf(gz, gz.length - 10));
        assertThatThrownBy(() -> read(truncated, ReadOptions.defaults())).isInstanceOf(DatasetFileException.class)
                .hasMessageStartingWith("File cut.csv.gz is truncated or corrupt");

        Path missing = dir.resolve("nowhere.csv");
        assertThatThrownBy(() -> read(missing, ReadOptions.defaults())).isInstanceOf(DatasetFileException.class)
                .hasMessage("File nowhere.csv does not exist or is not a file.");

        Path big = write("iris.csv", iris());
        assertThatThrownBy(() -> read(big, ReadOptions.defaults().withMaxFileBytes(10)))
                .isInstanceOf(DatasetFileException.class)
                .hasMessageStartingWith("File iris.csv is ").hasMessageEndingWith("more than the limit of 10 bytes.");

        Path bomb = write("bomb.csv.gz", "a,label\n" + "1,0\n".repeat(100_000));
        assertThatThrownBy(() -> read(bomb, ReadOptions.defaults().withMaxDecompressedBytes(100_000)))
                .isInstanceOf(DatasetFileException.class)
                .hasMessageStartingWith("File bomb.csv.gz inflates past the limit of 100,000 bytes");
    }
}
