package io.distill.service.models;

import io.distill.core.artifact.ModelArtifact;
import io.distill.core.artifact.ModelMetadata;
import io.distill.service.config.DistillConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** This service's finished models: one artifact directory each under {@code <store>/models/}. */
@ApplicationScoped
public class ModelStore {

    private final Path root;
    private final String publicBase;

    public ModelStore(DistillConfig config) {
        this.root = config.storePath().resolve("models");
        this.publicBase = config.publicBase();
    }

    /** Whether {@code id} is safe as a directory name: letters, digits, dot, underscore and dash only. */
    public static boolean isSafeId(String id) {
        return id != null && id.matches("[A-Za-z0-9._-]+") && !id.equals(".") && !id.equals("..");
    }

    /** The artifact directory of model {@code id}, whether or not it exists yet. */
    public Path dir(String id) {
        if (!isSafeId(id)) {
            throw new IllegalArgumentException("Model id " + id + " has characters other than letters, digits, . _ -");
        }
        return root.resolve(id);
    }

    public boolean exists(String id) {
        return Files.isRegularFile(dir(id).resolve(ModelArtifact.METADATA));
    }

    /** The model's metadata, if this service has it. */
    public Optional<ModelMetadata> metadata(String id) throws IOException {
        return exists(id) ? Optional.of(ModelArtifact.readMetadata(dir(id))) : Optional.empty();
    }

    /** The absolute URL of the model's artifact, as events announce it. */
    public String artifactUri(String id) {
        return publicBase + "/models/" + id + "/artifact";
    }
}
