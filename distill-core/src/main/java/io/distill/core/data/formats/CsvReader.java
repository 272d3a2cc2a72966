package io.distill.core.data.formats;

import io.distill.contract.datasets.InputShape;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.ToIntFunction;

/**
 * Reads a CSV file (plain or {@code .csv.gz}) of numeric features and one label column into float32 vectors.
 *
 * <p>The label column is {@link ReadOptions#labelColumn}, by header name or 0-based index, else the last column.
 * When every label (in the training and the test file) is an integer, labels are class indices and there are
 * {@code max + 1} classes unless {@link ReadOptions#classNames} names them; otherwise labels are class names,
 * the classes sorted by name (or in the order of the given class names, which must include every label).
 *
 * <p>The test split is {@link ReadOptions#testFile} when given; otherwise it is the <b>last 20 % of the rows</b>,
 * rounded down but at least one row, and the rows before it are the training split. The file's row order is
 * kept, so shuffle a file sorted by class before uploading it. There is no validation split.
 */
final class CsvReader implements FormatReader {

    /** The share of rows held out as the test split when no test file is given. */
    static final double TEST_SHARE = 0.2;

    @Override
    public SourceDataset read(Path source, ReadOptions options) throws IOException {
        InputLimits limits = new InputLimits(options);
        CsvTable train = CsvTable.read(source, options, limits);
        CsvTable test;
        if (options.testFile() != null) {
            test = CsvTable.read(options.testFile(), options, limits);
        } else {
            int held = Math.max(1, (int) (train.rows() * TEST_SHARE));
            int cut = train.rows() - held;
            test = slice(train, cut, train.rows());
            train = slice(train, 0, cut);
        }
        List<String> all = new ArrayList<>(train.labels());
        all.addAll(test.labels());
        boolean indices = all.stream().allMatch(label -> label.matches("-?\\d{1,9}"));
        List<String> names = indices ? null : ClassNames.forNames(options, all, train.file());
        ToIntFunction<String> classOf = indices ? Integer::parseInt : ClassNames.indices(names)::get;
        SourceSplit trainSplit = split(SourceSplit.TRAIN, train, classOf);
        SourceSplit testSplit = split(SourceSplit.TEST, test, classOf);
        if (indices) {
            names = ClassNames.forIndices(options, null, train.file(), trainSplit, testSplit);
        }
        return DatasetChecks.assemble(names, trainSplit, null, testSplit);
    }

    private static CsvTable slice(CsvTable table, int from, int to) {
        return new CsvTable(table.file(), Arrays.copyOfRange(table.features(), from * table.width(),
                to * table.width()), table.width(), table.labels().subList(from, to));
    }

    private static SourceSplit split(String name, CsvTable table, ToIntFunction<String> classOf) {
        return SourceSplit.of(name, table.file(), InputShape.vector(table.width()),
                new SplitArrays(null, table.features(), table.labels().stream().mapToInt(classOf).toArray()));
    }
}
