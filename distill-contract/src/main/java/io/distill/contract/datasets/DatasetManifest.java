package io.distill.contract.datasets;

import io.distill.contract.records.Builder;
import java.time.Instant;
import java.util.List;

/**
 * A registered data set, announced on {@code datasets} (key: its id) and kept beside its arrays in the
 * object store. Made with {@code DatasetManifestBuilder}.
 *
 * @param datasetId    {@code ds-} and 16 hex digits of the SHA-256 of its format, options and files, so
 *                     registering the same files the same way twice gives the same set
 * @param name         what people call it; a request may name a set by this when no other set has it
 * @param format       the layout it was registered from
 * @param shape        one example's shape
 * @param type         how each value is stored
 * @param classNames   the classes, in class-index order
 * @param splits       examples per split
 * @param validation   how the validation split was made: {@code given} (the files had one) or
 *                     {@code last-twelfth-of-train} (the last floor(n/12) training examples, n the
 *                     examples in the files' training split: 5,000 of MNIST's 60,000)
 * @param scaling      how stored values become the net's inputs ({@link DatasetScaling}): {@code unit}
 *                     (uint8 values / 255), {@code minmax} or {@code standard} (float32 values, per
 *                     feature, by the training split's minimum and range, or mean and deviation, which
 *                     are stored with the arrays)
 * @param files        the files it was registered from
 * @param arraysUri    where a service downloads its arrays ({@code GET /datasets/{id}/arrays} of
 *                     teacher-service): one {@code .npz} of {@code x_train}, {@code y_train},
 *                     {@code x_validation}, ... and, for float32 sets, the per-feature {@code offset}
 *                     and {@code scale} that map a stored value v to the input (v - offset) / scale
 * @param arraysSha256 the SHA-256 of that file, lower-case hex
 * @param heapBytes    the Java heap its arrays take once loaded
 * @param registeredAt when it was first registered
 */
@Builder
public record DatasetManifest(
        String datasetId,
        String name,
        DatasetFormat format,
        InputShape shape,
        ElementType type,
        List<String> classNames,
        SplitSizes splits,
        String validation,
        String scaling,
        List<SourceFile> files,
        String arraysUri,
        String arraysSha256,
        long heapBytes,
        Instant registeredAt) implements DatasetManifestBuilder.With {

    /** Classes the set's labels are drawn from. */
    public int classes() {
        return classNames.size();
    }

    /** Examples in each split. */
    public record SplitSizes(int train, int validation, int test) {}

    /**
     * One file a set was registered from.
     *
     * @param name   its name as the user gave it (an object key, an upload's name, an IDX file's name)
     * @param bytes  its size
     * @param sha256 its SHA-256, lower-case hex
     */
    public record SourceFile(String name, long bytes, String sha256) {}
}
