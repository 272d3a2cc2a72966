package io.distill.core.artifact;

import java.io.IOException;
import java.nio.file.Path;

/** A model artifact or checkpoint that cannot be used; the message names the file and the problem. */
public final class ArtifactException extends IOException {

    public ArtifactException(Path file, String problem) {
        super(file + ": " + problem);
    }

    public ArtifactException(Path file, String problem, Throwable cause) {
        super(file + ": " + problem, cause);
    }
}
