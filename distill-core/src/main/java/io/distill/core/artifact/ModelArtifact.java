package io.distill.core.artifact;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.nn.Block;
import com.fasterxml.jackson.core.JacksonException;
import io.distill.contract.events.ModelFormat;
import io.distill.contract.json.Json;
import io.distill.core.model.Models;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * A trained model on disk: a directory holding {@code model.params} (DJL parameters) and
 * {@code metadata.json} ({@link ModelMetadata}, with the parameters' SHA-256).
 *
 * <p>Loading verifies the checksum first and refuses a mismatch, naming the artifact.
 */
public final class ModelArtifact {

    public static final String PARAMETERS = "model.params";
    /** The artifact file of an imported model. */
    public static final String ONNX = "model.onnx";
    public static final String METADATA = "metadata.json";

    private ModelArtifact() {}

    /** A model loaded from an artifact; closing it frees the model. */
    public record Loaded(Model model, ModelMetadata metadata) implements AutoCloseable {
        @Override
        public void close() {
            model.close();
        }
    }

    /** Writes {@code block}'s parameters and the metadata (with their checksum) to {@code dir}. */
    public static ModelMetadata save(Path dir, Block block, ModelMetadata metadata) throws IOException {
        Files.createDirectories(dir);
        Path parameters = dir.resolve(PARAMETERS);
        Parameters.save(block, parameters);
        ModelMetadata withChecksum = metadata.withSha256(Sha256.of(parameters));
        writeMetadata(dir, withChecksum);
        return withChecksum;
    }

    /** Writes {@code metadata.json} atomically. */
    public static void writeMetadata(Path dir, ModelMetadata metadata) throws IOException {
        Path tmp = dir.resolve(METADATA + ".tmp");
        Json.mapper().writerWithDefaultPrettyPrinter().writeValue(tmp.toFile(), metadata);
        Files.move(tmp, dir.resolve(METADATA), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /** Reads {@code metadata.json}, refusing a missing or malformed file by name. */
    public static ModelMetadata readMetadata(Path dir) throws IOException {
        Path file = dir.resolve(METADATA);
        try {
            ModelMetadata metadata = Json.mapper().readValue(file.toFile(), ModelMetadata.class);
            boolean netless = metadata.architecture() == null && metadata.format() == ModelFormat.DJL;
            if (netless || metadata.sha256() == null) {
                throw new ArtifactException(file, "lacks its architecture or its sha256");
            }
            return metadata;
        } catch (JacksonException | IllegalArgumentException e) {
            throw new ArtifactException(file, "is not valid model metadata: " + e.getMessage(), e);
        } catch (java.io.FileNotFoundException | NoSuchFileException e) {
            throw new ArtifactException(file, "does not exist", e);
        }
    }

    /** The file that holds a model's weights: DJL's parameters, or an imported model's ONNX file. */
    public static String file(ModelMetadata metadata) {
        return metadata.format() == ModelFormat.ONNX ? ONNX : PARAMETERS;
    }

    /** Checks that the artifact file's SHA-256 matches the metadata, and returns the metadata. */
    public static ModelMetadata verify(Path dir) throws IOException {
        ModelMetadata metadata = readMetadata(dir);
        Path parameters = dir.resolve(file(metadata));
        if (!Files.isRegularFile(parameters)) {
            throw new ArtifactException(parameters, "does not exist");
        }
        String actual = Sha256.of(parameters);
        if (!actual.equalsIgnoreCase(metadata.sha256())) {
            throw new ArtifactException(parameters, "has SHA-256 " + actual + " but artifact " + metadata.modelId()
                    + " declares " + metadata.sha256() + "; it is corrupt or was replaced");
        }
        return metadata;
    }

    /** Verifies and loads the artifact in {@code dir} onto {@code device}. The caller closes the result. */
    public static Loaded load(Path dir, Engine engine, Device device) throws IOException {
        ModelMetadata metadata = verify(dir);
        if (metadata.format() != ModelFormat.DJL) {
            throw new ArtifactException(dir.resolve(file(metadata)), "is model " + metadata.modelId() + " as "
                    + metadata.format().value() + ", which DJL does not load; ONNX Runtime runs it (OnnxInference)");
        }
        Model model = Models.create(metadata.modelId(), metadata.architecture(), engine, device, metadata.seed());
        try {
            Parameters.load(model.getBlock(), model.getNDManager(), dir.resolve(PARAMETERS));
            return new Loaded(model, metadata);
        } catch (IOException | RuntimeException e) {
            model.close();
            throw e;
        }
    }
}
