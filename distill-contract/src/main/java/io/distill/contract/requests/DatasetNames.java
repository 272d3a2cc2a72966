package io.distill.contract.requests;

import java.util.List;

/** The built-in data sets, and what a request may write to name a data set. */
public final class DatasetNames {

    public static final String MNIST = "mnist";
    public static final String FASHION_MNIST = "fashion-mnist";
    /** The built-in sets, read from {@code DISTILL_DATA_DIR} and registered by teacher-service at start. */
    public static final List<String> NAMES = List.of(MNIST, FASHION_MNIST);
    /** A data set's id ({@code ds-} and 16 hex digits) or name, as a request writes it. */
    public static final String NAME_PATTERN = "[a-z0-9][a-z0-9-]{0,63}";
    /** What a request is told when its data set is not written as {@link #NAME_PATTERN}. */
    public static final String NAME_MESSAGE = "must be a data set's id or name: lower-case letters, digits and dashes";
    /** Classes in each built-in set. */
    public static final int CLASSES = 10;

    private DatasetNames() {}
}
