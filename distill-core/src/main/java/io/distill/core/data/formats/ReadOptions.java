package io.distill.core.data.formats;

import io.distill.contract.records.Builder;
import java.nio.file.Path;
import java.util.List;

/**
 * How to read a user's data-set files, with limits that keep a hostile or mistaken upload from exhausting memory.
 *
 * @param maxFileBytes         the largest size of any one input file or archive entry, as stored
 * @param maxDecompressedBytes the most bytes one read may inflate from gzip and zip data, against zip bombs
 * @param labelColumn          CSV: the label column's name, or its 0-based index written as digits; null for
 *                             the last column
 * @param header               CSV: whether the first row names the columns
 * @param classNames           the class names in class-index order, or null to take them from the files: with
 *                             integer labels they name the indices; with named labels (CSV strings, image
 *                             folders) they fix the order, and every label must be one of them
 * @param testFile             CSV: a separate test file, or null to hold out the last 20 % of the rows
 */
@Builder
public record ReadOptions(long maxFileBytes, long maxDecompressedBytes, String labelColumn, boolean header,
        List<String> classNames, Path testFile) implements ReadOptionsBuilder.With {

    /** 1 GiB: larger than CIFAR-100 as an uncompressed .npz, well inside one Java array. */
    public static final long DEFAULT_MAX_FILE_BYTES = 1L << 30;

    /** 2 GiB in all, what a read may inflate from compressed data. */
    public static final long DEFAULT_MAX_DECOMPRESSED_BYTES = 2L << 30;

    public ReadOptions {
        if (maxFileBytes <= 0 || maxDecompressedBytes <= 0) {
            throw new IllegalArgumentException("Read limits are " + maxFileBytes + " bytes per file and "
                    + maxDecompressedBytes + " bytes decompressed, expected positive sizes.");
        }
        classNames = classNames == null ? null : List.copyOf(classNames);
    }

    /** No class names, a header row, the label in the last column, the default limits. */
    public static ReadOptions defaults() {
        return ReadOptionsBuilder.builder()
                .maxFileBytes(DEFAULT_MAX_FILE_BYTES)
                .maxDecompressedBytes(DEFAULT_MAX_DECOMPRESSED_BYTES)
                .header(true)
                .build();
    }
}
