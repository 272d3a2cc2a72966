package io.distill.server.models;

import io.distill.contract.jobs.Ids;
import io.distill.contract.json.Json;
import io.distill.contract.metrics.FiniteLosses;
import io.distill.contract.models.ModelSummaryBuilder;
import io.distill.core.artifact.ArtifactException;
import io.distill.core.artifact.ModelArtifact;
import io.distill.core.artifact.ModelMetadata;
import io.distill.server.config.DistillConfig;
import io.distill.server.objects.ObjectStore;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * This service's finished models. Each is an artifact directory ({@code model.params} and
 * {@code metadata.json}) written in the local cache, then published to the object store under
 * {@code models/<id>/}, from where any replica serves or loads it. The metadata goes up last, so a
 * model whose metadata is in the store is whole.
 */
@ApplicationScoped
public class ModelStore {

    private final Path cache;
    private final String publicBase;
    private final ObjectStore objects;
    private final ModelIndex index;
    private final Map<String, Object> locks;
    private final ModelStore prompt;

    @Inject
    public ModelStore(DistillConfig config, ObjectStore objects, ModelIndex index) {
        this.cache = config.storePath().resolve("models");
        this.publicBase = config.publicBase();
        this.objects = objects;
        this.index = index;
        this.locks = new ConcurrentHashMap<>();
        this.prompt = new ModelStore(this);
    }

    /** The view {@link #prompt()} returns: the same cache, the object store's prompt view. */
    private ModelStore(ModelStore patient) {
        this.cache = patient.cache;
        this.publicBase = patient.publicBase;
        this.objects = patient.objects.prompt();
        this.index = patient.index;
        this.locks = patient.locks;
        this.prompt = this;
    }

    /** The same models for a request: an object store that is away is reported within seconds (503). */
    public ModelStore prompt() {
        return prompt;
    }

    /**
     * The local artifact directory of model {@code id}, where a job writes it before {@link #publish}; an
     * id ({@link Ids}) is always a safe directory name.
     */
    public Path dir(String id) {
        if (!Ids.valid(id)) {
            throw new IllegalArgumentException("Model id " + id + " is not an id: it " + Ids.MESSAGE + ".");
        }
        return cache.resolve(id);
    }

    /**
     * Uploads the artifact written in {@link #dir}: the weights first, then the metadata that completes it;
     * then lists it ({@code GET /models}) as trained by job {@code jobId} (null for an imported model).
     * A model whose metrics report a loss that is NaN or infinite is refused, so its job fails rather
     * than serve or announce it.
     */
    public ModelMetadata publish(String id, String jobId) throws IOException {
        Path dir = dir(id);
        ModelMetadata metadata = ModelArtifact.verify(dir);
        Optional<String> diverged = metadata.metrics() == null ? Optional.empty()
                : FiniteLosses.firstNonFinite(metadata.metrics());
        if (diverged.isPresent()) {
            throw new IllegalStateException("Model " + id + " is not published: its " + diverged.get()
                    + ", so training diverged. Lower learningRate or weightDecay, or set clipGradient.");
        }
        String file = ModelArtifact.file(metadata);
        objects.put(key(id, file), dir.resolve(file));
        objects.put(key(id, ModelArtifact.METADATA), dir.resolve(ModelArtifact.METADATA));
        index.record(ModelSummaryBuilder.builder().modelId(id).kind(metadata.kind()).jobId(jobId)
                .dataset(metadata.dataset()).format(metadata.format()).architecture(metadata.architecture())
                .metrics(metadata.metrics()).seed(metadata.seed()).createdAt(metadata.createdAt())
                .sha256(metadata.sha256()).artifactUri(artifactUri(id)).build());
        return metadata;
    }

    /**
     * Publishes published model {@code from} again as model {@code to}, made by job {@code jobId}: the same
     * weights, checksum and metadata under the new id.
     */
    public ModelMetadata copy(String from, String to, String jobId) throws IOException {
        Path source = local(from);
        ModelMetadata metadata = ModelArtifact.readMetadata(source);
        Path dir = Files.createDirectories(dir(to));
        String file = ModelArtifact.file(metadata);
        Files.copy(source.resolve(file), dir.resolve(file), StandardCopyOption.REPLACE_EXISTING);
        ModelArtifact.writeMetadata(dir, metadata.withModelId(to));
        return publish(to, jobId);
    }

    /** The published models {@code filter} selects, oldest first, a page of them. */
    public ModelIndex.Page list(ModelFilter filter) {
        return index.list(filter);
    }

    /** The model's metadata, if it has been published. */
    public Optional<ModelMetadata> metadata(String id) throws IOException {
        // An id no model can have is not worth asking the object store about.
        if (!Ids.valid(id)) {
            return Optional.empty();
        }
        Optional<byte[]> bytes = objects.read(key(id, ModelArtifact.METADATA));
        if (bytes.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(Json.mapper().readValue(bytes.get(), ModelMetadata.class));
        } catch (IOException e) {
            throw new ArtifactException(Path.of(key(id, ModelArtifact.METADATA)), "is not valid model metadata: "
                    + e.getMessage(), e);
        }
    }

    /**
     * A verified local copy of a published model, downloaded into the cache when it is not there;
     * concurrent requests for one model download it once.
     */
    public Path local(String id) throws IOException {
        Path dir = dir(id);
        synchronized (locks.computeIfAbsent(id, k -> new Object())) {
            if (!Files.isRegularFile(dir.resolve(ModelArtifact.METADATA))) {
                // The metadata names the artifact's file, and completes the local copy once that is there.
                String file = ModelArtifact.file(metadata(id).orElseThrow(
                        () -> new IOException("Model " + id + " is not in the object store.")));
                if (!objects.download(key(id, file), dir.resolve(file))
                        || !objects.download(key(id, ModelArtifact.METADATA), dir.resolve(ModelArtifact.METADATA))) {
                    throw new IOException("Model " + id + " is not in the object store.");
                }
            }
        }
        ModelArtifact.verify(dir);
        return dir;
    }

    /** The size of the model's artifact file (DJL's weights, or an imported ONNX model) in bytes. */
    public long artifactSize(ModelMetadata metadata) throws IOException {
        String id = metadata.modelId();
        return objects.size(key(id, ModelArtifact.file(metadata)))
                .orElseThrow(() -> new IOException("Model " + id + " has metadata but no weights in the object store."));
    }

    /** The model's artifact file, streamed from the object store. */
    public InputStream openArtifact(ModelMetadata metadata) throws IOException {
        return objects.open(key(metadata.modelId(), ModelArtifact.file(metadata)), null, null);
    }

    /** The absolute URL of the model's artifact, as events announce it. */
    public String artifactUri(String id) {
        return publicBase + "/models/" + id + "/artifact";
    }

    private static String key(String id, String file) {
        return "models/" + id + "/" + file;
    }
}
