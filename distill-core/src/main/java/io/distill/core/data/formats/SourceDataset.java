package io.distill.core.data.formats;

import io.distill.contract.datasets.ElementType;
import io.distill.contract.datasets.InputShape;
import java.util.List;

/**
 * A data set as read from a user's files, checked but not yet registered.
 *
 * @param shape       the shape of every example in every split
 * @param type        how the features are stored
 * @param classNames  one name per class, in class-index order, no two alike
 * @param train       the training split
 * @param validation  the validation split, or null when the files have none (it is then carved from train)
 * @param test        the test split
 */
public record SourceDataset(InputShape shape, ElementType type, List<String> classNames, SplitArrays train,
        SplitArrays validation, SplitArrays test) {

    public int classes() {
        return classNames.size();
    }
}
