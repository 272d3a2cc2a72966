package io.distill.contract.datasets;

import com.fasterxml.jackson.annotation.JsonValue;

/** The file layouts a data set is registered from, the ones ML users already have on disk. */
public enum DatasetFormat {
    /** NumPy {@code .npz} with {@code x_train}, {@code y_train}, {@code x_test}, {@code y_test} (Keras). */
    NPZ("npz"),
    /** The four MNIST-layout IDX files, raw or gzip, in one folder. */
    IDX("idx"),
    /** Comma-separated numeric features with the label in one column. */
    CSV("csv"),
    /** A {@code .zip} or {@code .tar} of {@code train/<class>/*.png|jpg} and {@code test/<class>/...}. */
    IMAGE_FOLDER("image-folder");

    private final String label;

    DatasetFormat(String label) {
        this.label = label;
    }

    @JsonValue
    public String label() {
        return label;
    }

    /** The format written {@code label}, as a query parameter gives it. */
    public static DatasetFormat fromString(String label) {
        for (DatasetFormat format : values()) {
            if (format.label.equals(label)) {
                return format;
            }
        }
        throw new IllegalArgumentException("is " + label + ", expected npz, idx, csv or image-folder");
    }
}
