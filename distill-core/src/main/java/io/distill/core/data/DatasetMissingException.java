package io.distill.core.data;

import java.nio.file.Path;

/** A data set that is not in the data directory; the message says where it was looked for and how to fetch it. */
public final class DatasetMissingException extends IllegalStateException {

    private final String dataset;

    public DatasetMissingException(String dataset, Path file) {
        super("Data set " + dataset + " is missing: " + file + " does not exist. Run deploy/data/fetch-all.sh"
                + " with DISTILL_DATA_DIR=" + file.getParent().getParent() + " to fetch it.");
        this.dataset = dataset;
    }

    public String dataset() {
        return dataset;
    }
}
