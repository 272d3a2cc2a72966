package io.distill.softtarget.service;

import io.distill.core.artifact.ArtifactException;
import io.distill.core.artifact.ModelArtifact;
import io.distill.core.artifact.ModelMetadata;
import io.distill.core.artifact.Sha256;
import io.distill.core.data.ClassFilter;
import io.distill.core.events.ModelReady;
import io.distill.service.config.DistillConfig;
import io.distill.softtarget.config.SoftTargetConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Map;

/**
 * Teacher artifacts downloaded from their {@code artifactUri}, checked against the announced
 * SHA-256 and cached in {@code <store>/artifacts/<modelId>/}. A cached artifact is checked again on
 * every use, so a corrupted cache is refused rather than used.
 */
@ApplicationScoped
public class ArtifactCache {

    private final Path root;
    private final Duration timeout;
    private final HttpClient http;

    public ArtifactCache(DistillConfig config, SoftTargetConfig softTargets) {
        this.root = config.storePath().resolve("artifacts");
        this.timeout = Duration.ofSeconds(softTargets.downloadTimeoutSeconds());
        this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10))
                .followRedirects(HttpClient.Redirect.NORMAL).build();
    }

    /** The verified artifact directory of {@code teacher}, downloading it first if needed. */
    public Path fetch(ModelReady teacher) throws IOException, InterruptedException {
        Path dir = root.resolve(teacher.modelId());
        if (!Files.isRegularFile(dir.resolve(ModelArtifact.METADATA))) {
            download(teacher, dir);
        }
        ModelArtifact.verify(dir);
        return dir;
    }

    private void download(ModelReady teacher, Path dir) throws IOException, InterruptedException {
        Files.createDirectories(dir);
        Path part = dir.resolve(ModelArtifact.PARAMETERS + ".part");
        HttpResponse<Path> response;
        try {
            response = http.send(HttpRequest.newBuilder(URI.create(teacher.artifactUri())).timeout(timeout).GET()
                    .build(), HttpResponse.BodyHandlers.ofFile(part));
        } catch (IOException | IllegalArgumentException e) {
            throw new IOException("Teacher " + teacher.modelId() + " is unreachable at " + teacher.artifactUri()
                    + ": " + e, e);
        }
        if (response.statusCode() != 200) {
            Files.deleteIfExists(part);
            throw new IOException("Teacher " + teacher.modelId() + " is unreachable at " + teacher.artifactUri()
                    + ": HTTP " + response.statusCode());
        }
        String actual = Sha256.of(part);
        if (!actual.equalsIgnoreCase(teacher.sha256())) {
            Files.deleteIfExists(part);
            throw new ArtifactException(Path.of(teacher.artifactUri()), "checksum mismatch for teacher "
                    + teacher.modelId() + ": the download has SHA-256 " + actual + " but ModelReady announced "
                    + teacher.sha256());
        }
        Files.move(part, dir.resolve(ModelArtifact.PARAMETERS), StandardCopyOption.REPLACE_EXISTING,
                StandardCopyOption.ATOMIC_MOVE);
        ModelArtifact.writeMetadata(dir, new ModelMetadata(teacher.modelId(), teacher.kind(), teacher.architecture(),
                teacher.dataset(), ClassFilter.ALL, Map.of(), teacher.metrics(), 0, null, null, null,
                teacher.createdAt(), teacher.sha256()));
    }
}
