package io.distill.core.data.formats;

import io.distill.contract.datasets.ElementType;
import io.distill.contract.datasets.InputShape;
import io.distill.contract.records.Builder;

/**
 * One split as a reader found it, with the files it came from so that {@link DatasetChecks} can name them.
 *
 * @param split        {@code train}, {@code validation} or {@code test}
 * @param featuresFile the file or archive entry holding the features
 * @param labelsFile   the file or archive entry holding the labels (often the same)
 * @param shape        the shape of each example
 * @param arrays       the features and labels
 */
@Builder
record SourceSplit(String split, String featuresFile, String labelsFile, InputShape shape, SplitArrays arrays)
        implements SourceSplitBuilder.With {

    static final String TRAIN = "train";
    static final String VALIDATION = "validation";
    static final String TEST = "test";

    /** A split whose features and labels come from one file. */
    static SourceSplit of(String split, String file, InputShape shape, SplitArrays arrays) {
        return SourceSplitBuilder.builder().split(split).featuresFile(file).labelsFile(file).shape(shape)
                .arrays(arrays).build();
    }

    ElementType type() {
        return arrays.bytes() != null ? ElementType.UINT8 : ElementType.FLOAT32;
    }
}
