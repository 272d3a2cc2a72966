package io.distill.core.data.formats;

import io.distill.contract.datasets.DatasetFormat;
import java.io.IOException;
import java.nio.file.Path;

/**
 * Reads a user's classification data set in one of the {@link DatasetFormat}s into checked arrays.
 *
 * <p>Every reader checks the splits (counts, labels, finite values, shapes, class names); any problem is a
 * {@link DatasetFileException} that names the file.
 */
public final class DatasetReaders {

    private DatasetReaders() {}

    /**
     * Reads the data set at {@code source}: an {@code .npz} file, a folder of IDX files, a CSV file, or an image
     * archive, as {@code format} says.
     *
     * @throws DatasetFileException when the files are not a usable data set
     * @throws IOException          when the files cannot be read at all
     */
    public static SourceDataset read(DatasetFormat format, Path source, ReadOptions options) throws IOException {
        return reader(format).read(source, options);
    }

    private static FormatReader reader(DatasetFormat format) {
        return switch (format) {
            case NPZ -> new NpzReader();
            case IDX -> new IdxFolderReader();
            case CSV -> new CsvReader();
            case IMAGE_FOLDER -> new ImageFolderReader();
        };
    }
}
