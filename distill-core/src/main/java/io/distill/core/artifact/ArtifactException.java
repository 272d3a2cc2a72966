package io.distill.core.artifact;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;

/** A model artifact or checkpoint that cannot be used; the message names the file and the problem. */
public final class ArtifactException extends IOException {

    public ArtifactException(Path file, String problem) {
        super(file + ": " + problem);
    }

    /** An artifact refused at a URL, before it became a file: the message names the URL. */
    public ArtifactException(URI source, String problem) {
        super(source + ": " + problem);
    }

    public ArtifactException(Path file, String problem, Throwable cause) {
        super(file + ": " + problem, cause);
    }
}
