package io.distill.softtarget.jobs;

import io.distill.contract.events.ModelReady;
import io.distill.server.artifacts.ModelDownloads;
import io.distill.server.config.DistillConfig;
import io.distill.server.security.ServiceTokens;
import io.distill.softtarget.config.SoftTargetConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Teacher artifacts, downloaded from their {@code artifactUri}, checked against the announced
 * SHA-256 and cached in {@code <store>/artifacts/<modelId>/} (see {@link ModelDownloads}).
 */
@ApplicationScoped
public class ArtifactCache {

    private final ModelDownloads downloads;

    public ArtifactCache(DistillConfig config, SoftTargetConfig softTargets, ServiceTokens tokens) {
        this.downloads = new ModelDownloads(config.storePath().resolve("artifacts"),
                Duration.ofSeconds(softTargets.downloadTimeoutSeconds()), tokens::download);
    }

    /** The verified artifact directory of {@code teacher}, downloading it first if needed. */
    public Path fetch(ModelReady teacher) throws IOException, InterruptedException {
        return downloads.fetch(teacher);
    }
}
