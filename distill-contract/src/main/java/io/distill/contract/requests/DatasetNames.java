package io.distill.contract.requests;

import java.util.List;

/** The data sets a request may name, and the classes each of them has. */
public final class DatasetNames {

    public static final String MNIST = "mnist";
    public static final String FASHION_MNIST = "fashion-mnist";
    /** Every data set name a request may use. */
    public static final List<String> NAMES = List.of(MNIST, FASHION_MNIST);
    /** {@link #NAMES} as a regular expression, for request constraints. */
    public static final String NAME_PATTERN = MNIST + "|" + FASHION_MNIST;
    /** Classes in every known data set. */
    public static final int CLASSES = 10;

    private DatasetNames() {}
}
