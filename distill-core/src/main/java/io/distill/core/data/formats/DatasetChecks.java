package io.distill.core.data.formats;

import java.util.Arrays;
import java.util.List;

/**
 * The checks every reader's splits pass before they become a {@link SourceDataset}: no split empty, every
 * split's examples the shape and type of the training split's, every label a class index, every float finite.
 */
final class DatasetChecks {

    private DatasetChecks() {}

    /** The data set of these splits, after the checks; {@code validation} may be null. */
    static SourceDataset assemble(List<String> classNames, SourceSplit train, SourceSplit validation,
            SourceSplit test) {
        for (SourceSplit split : Arrays.asList(train, validation, test)) {
            if (split != null) {
                check(split, train, classNames.size());
            }
        }
        return new SourceDataset(train.shape(), train.type(), classNames, train.arrays(),
                validation == null ? null : validation.arrays(), test.arrays());
    }

    private static void check(SourceSplit split, SourceSplit train, int classes) {
        SplitArrays arrays = split.arrays();
        if (arrays.count() == 0) {
            throw new DatasetFileException(split.featuresFile(), "The " + split.split() + " split in "
                    + split.featuresFile() + " has no examples.");
        }
        if (!split.shape().equals(train.shape()) || split.type() != train.type()) {
            throw new DatasetFileException(split.featuresFile(), "The " + split.split() + " examples in "
                    + split.featuresFile() + " are " + describe(split) + ", but the train examples in "
                    + train.featuresFile() + " are " + describe(train) + "; every split must match.");
        }
        int length = arrays.bytes() != null ? arrays.bytes().length : arrays.floats().length;
        if (length != (long) arrays.count() * split.shape().features()) {
            throw new IllegalStateException("Split " + split.split() + " of " + split.featuresFile() + " holds "
                    + length + " values for " + arrays.count() + " examples of shape " + split.shape().label());
        }
        checkLabels(split, classes);
        if (arrays.floats() != null) {
            checkFinite(split);
        }
    }

    private static void checkLabels(SourceSplit split, int classes) {
        int[] labels = split.arrays().labels();
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] < 0 || labels[i] >= classes) {
                throw new DatasetFileException(split.labelsFile(), "Example " + i + " of the " + split.split()
                        + " split in " + split.labelsFile() + " has label " + labels[i]
                        + ", expected a class index from 0 to " + (classes - 1) + " (" + classes + " classes).");
            }
        }
    }

    private static void checkFinite(SourceSplit split) {
        float[] floats = split.arrays().floats();
        int features = split.shape().features();
        for (int i = 0; i < floats.length; i++) {
            if (!Float.isFinite(floats[i])) {
                throw new DatasetFileException(split.featuresFile(), "Example " + i / features + " of the "
                        + split.split() + " split in " + split.featuresFile() + " has feature " + i % features
                        + " = " + floats[i] + ", expected a finite number.");
            }
        }
    }

    private static String describe(SourceSplit split) {
        return split.type().label() + " of shape " + split.shape().label();
    }
}
