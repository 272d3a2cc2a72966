package io.distill.core.data.formats;

import java.io.IOException;
import java.nio.file.Path;

/** Reads one file layout into checked arrays; {@link DatasetReaders} picks the reader for a format. */
interface FormatReader {

    /**
     * Reads {@code source}.
     *
     * @throws DatasetFileException when the files are not a usable data set
     * @throws IOException          when the files cannot be read at all
     */
    SourceDataset read(Path source, ReadOptions options) throws IOException;
}
