package io.distill.specialist.jobs;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.engine.Engine;
import io.distill.core.artifact.ArtifactException;
import io.distill.core.artifact.ModelArtifact;
import io.distill.core.artifact.ModelMetadata;
import io.distill.core.artifact.Sha256;
import io.distill.core.model.Models;
import io.distill.core.specialist.ClassSubset;
import io.distill.core.train.Hyperparameters;
import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;

/**
 * A finished ensemble on disk, in the layout every service serves ({@code model.params} and
 * {@code metadata.json} with its SHA-256): the parameters are the specialists' DJL parameter blocks
 * back to back, in subset order; the metadata names the generalist and the subsets.
 */
public final class EnsembleArtifact {

    public static final String KIND = "specialist-ensemble";

    private EnsembleArtifact() {}

    /** Writes the specialists' parameter files, in order, as one artifact in {@code dir}. */
    public static ModelMetadata save(Path dir, List<Path> specialistParameters, ModelMetadata metadata)
            throws IOException {
        Files.createDirectories(dir);
        Path tmp = dir.resolve(ModelArtifact.PARAMETERS + ".tmp");
        try (OutputStream out = Files.newOutputStream(tmp)) {
            for (Path file : specialistParameters) {
                Files.copy(file, out);
            }
        }
        Path parameters = dir.resolve(ModelArtifact.PARAMETERS);
        Files.move(tmp, parameters, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        ModelMetadata saved = metadata.withSha256(Sha256.of(parameters));
        ModelArtifact.writeMetadata(dir, saved);
        return saved;
    }

    /** The ensemble's own settings in its metadata: the generalist, the subsets and topN. */
    public static Hyperparameters.Ensemble settings(ModelMetadata metadata) {
        Hyperparameters hyperparameters = metadata.hyperparameters();
        if (hyperparameters == null || hyperparameters.ensemble() == null
                || hyperparameters.ensemble().subsets() == null || hyperparameters.ensemble().generalist() == null) {
            throw new IllegalStateException("Model " + metadata.modelId() + " is not a specialist ensemble: its"
                    + " metadata names no generalist and subsets.");
        }
        return hyperparameters.ensemble();
    }

    /** The subsets recorded in an ensemble's metadata, in specialist order. */
    public static List<ClassSubset> subsets(ModelMetadata metadata) {
        return settings(metadata).subsets().stream()
                .map(s -> new ClassSubset(s, metadata.architecture().outputs())).toList();
    }

    /** Verifies and loads the specialists of the ensemble in {@code dir}. The caller closes them. */
    public static List<Model> load(Path dir, Engine engine, Device device) throws IOException {
        ModelMetadata metadata = ModelArtifact.verify(dir);
        List<Model> models = new ArrayList<>();
        Path file = dir.resolve(ModelArtifact.PARAMETERS);
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file)))) {
            for (ClassSubset subset : subsets(metadata)) {
                Model model = Models.create(metadata.modelId() + "-" + models.size(),
                        metadata.architecture().withOutputs(subset.outputs()), engine, device, metadata.seed());
                models.add(model);
                model.getBlock().loadParameters(model.getNDManager(), in);
            }
            if (in.read() != -1) {
                throw new ArtifactException(file, "has bytes left over after " + models.size() + " specialists");
            }
            return models;
        } catch (IOException | RuntimeException | ai.djl.MalformedModelException e) {
            models.forEach(Model::close);
            throw e instanceof IOException io ? io : new ArtifactException(file, "is not this ensemble's"
                    + " specialists: " + e.getMessage(), e);
        }
    }
}
