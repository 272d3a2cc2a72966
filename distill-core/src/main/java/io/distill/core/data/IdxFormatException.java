package io.distill.core.data;

import java.io.IOException;
import java.nio.file.Path;

/** An IDX file that cannot be used: the message names the file and what is wrong with it. */
public final class IdxFormatException extends IOException {

    private final String problem;

    public IdxFormatException(Path file, String problem) {
        super(file + ": " + problem);
        this.problem = problem;
    }

    /** What is wrong, without the file: a phrase such as {@code is truncated inside its header}. */
    public String problem() {
        return problem;
    }
}
