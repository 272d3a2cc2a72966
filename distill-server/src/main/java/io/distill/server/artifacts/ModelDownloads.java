package io.distill.server.artifacts;

import io.distill.contract.events.ModelReady;
import io.distill.contract.requests.ClassFilter;
import io.distill.core.artifact.ModelArtifact;
import io.distill.core.artifact.ModelMetadata;
import io.distill.core.artifact.ModelMetadataBuilder;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Models announced by a {@link ModelReady}, downloaded from their {@code artifactUri}, checked
 * against the announced SHA-256 and cached in {@code <root>/<modelId>/}. A cached artifact is
 * checked again on every use, so a corrupted cache is refused rather than used. A plain class: each
 * service makes one with its own directory, timeout and credentials (a service token,
 * {@code io.distill.server.security.ServiceTokens}).
 */
public final class ModelDownloads {

    private final Path root;
    private final Duration timeout;
    private final Function<ModelReady, Optional<String>> authorization;
    private final Map<String, Object> locks = new ConcurrentHashMap<>();

    /** {@code authorization} gives the {@code Authorization} header of a model's download, if any. */
    public ModelDownloads(Path root, Duration timeout, Function<ModelReady, Optional<String>> authorization) {
        this.root = root;
        this.timeout = timeout;
        this.authorization = authorization;
    }

    /**
     * The verified artifact directory of {@code model}, downloading it first if needed. Jobs on one
     * replica that need the same model (an ensemble's specialists, say) download it once.
     */
    public Path fetch(ModelReady model) throws IOException, InterruptedException {
        Path dir = root.resolve(model.modelId());
        synchronized (locks.computeIfAbsent(model.modelId(), id -> new Object())) {
            if (!Files.isRegularFile(dir.resolve(ModelArtifact.METADATA))) {
                download(model, dir);
            }
        }
        ModelArtifact.verify(dir);
        return dir;
    }

    private void download(ModelReady model, Path dir) throws IOException, InterruptedException {
        Files.createDirectories(dir);
        ModelMetadata metadata = ModelMetadataBuilder.builder().modelId(model.modelId()).kind(model.kind())
                .architecture(model.architecture()).dataset(model.dataset()).filters(ClassFilter.ALL)
                .metrics(model.metrics()).seed(0).createdAt(model.createdAt()).sha256(model.sha256())
                .format(model.format()).input(model.input()).build();
        String file = ModelArtifact.file(metadata);
        Path part = dir.resolve(file + ".part");
        VerifiedDownload.fetch(URI.create(model.artifactUri()), authorization.apply(model), timeout, part,
                model.sha256(), "model " + model.modelId());
        Files.move(part, dir.resolve(file), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        ModelArtifact.writeMetadata(dir, metadata);
    }
}
