package io.distill.contract.datasets;

import io.distill.contract.requests.Bounds;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.List;

/**
 * {@code POST /datasets}: registers files already in the object store's bucket as a data set.
 *
 * @param name        what people will call it: lower-case letters, digits and dashes
 * @param format      the files' layout
 * @param source      where the files are
 * @param labelColumn CSV only: the label column's header name, or its 0-based position; default the last
 * @param header      CSV only: whether the first row names the columns; default true
 * @param classNames  the class names, in class-index order, when the files do not name them
 * @param scaling     how values become inputs: {@code unit} for uint8 sets (the only choice);
 *                    {@code minmax} (the default) or {@code standard} for float32 sets
 */
public record DatasetRegistration(
        @NotNull @Pattern(regexp = NAME, message = "must be lower-case letters, digits and dashes, 1 to 64")
        String name,
        @NotNull DatasetFormat format,
        @NotNull @Valid Source source,
        @Size(max = 256) String labelColumn,
        Boolean header,
        @Size(min = 2, max = Bounds.MAX_CLASSES) List<@NotNull @Size(min = 1, max = 256) String> classNames,
        DatasetScaling scaling) {

    /** What a data set's name may be. */
    public static final String NAME = "[a-z0-9][a-z0-9-]{0,63}";

    /**
     * Where a set's files are in the bucket.
     *
     * @param key      the file (npz, csv, image-folder archive), or the folder of IDX files ending in {@code /}
     * @param testKey  CSV only: a separate test file; without it the last 20 % of rows are the test split
     */
    public record Source(
            @NotNull @Pattern(regexp = KEY, message = "must be an object key: letters, digits, . _ - and /")
            String key,
            @Pattern(regexp = KEY, message = "must be an object key: letters, digits, . _ - and /")
            String testKey) {

        static final String KEY = "[A-Za-z0-9._/-]{1,512}";
    }
}
