package io.distill.specialist.service;

import io.distill.core.events.ModelReady;
import io.distill.core.jobs.JsonDirectory;
import io.distill.service.artifacts.ModelDownloads;
import io.distill.service.config.DistillConfig;
import io.distill.specialist.config.SpecialistDefaults;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Every model that may serve as a generalist: the teachers and students announced on
 * {@code teacher-models} and {@code student-models}, kept in {@code <store>/generalists/} so they
 * are still known after a restart, with their artifacts downloaded and verified on first use.
 */
@ApplicationScoped
public class GeneralistRegistry {

    private final JsonDirectory<ModelReady> files;
    private final Map<String, ModelReady> models = new ConcurrentHashMap<>();
    private final ModelDownloads downloads;

    public GeneralistRegistry(DistillConfig config, SpecialistDefaults defaults) throws IOException {
        this.files = new JsonDirectory<>(config.storePath().resolve("generalists"), ModelReady.class,
                ModelReady::modelId);
        this.downloads = new ModelDownloads(config.storePath().resolve("artifacts"),
                Duration.ofSeconds(defaults.downloadTimeoutSeconds()));
        models.putAll(files.readAll());
    }

    /** Remembers a model; a repeated announcement replaces the earlier one. */
    public void register(ModelReady event) {
        files.write(event);
        models.put(event.modelId(), event);
    }

    public Optional<ModelReady> get(String modelId) {
        return Optional.ofNullable(models.get(modelId));
    }

    /** The verified artifact directory of a known model, downloaded on first use. */
    public Path artifact(ModelReady model) throws IOException, InterruptedException {
        return downloads.fetch(model);
    }
}
