package io.distill.specialist.jobs;

import io.distill.contract.events.ModelReady;
import io.distill.contract.events.Topics;
import io.distill.server.artifacts.ModelDownloads;
import io.distill.server.config.DistillConfig;
import io.distill.server.messaging.TopicCatchUp;
import io.distill.server.security.ServiceTokens;
import io.distill.server.state.RecordTable;
import io.distill.specialist.config.SpecialistDefaults;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * Every model that may serve as a generalist: the teachers and students announced on
 * {@code teacher-models} and {@code student-models}, kept in the service's schema so that every
 * replica knows them, with their artifacts downloaded and verified on first use. A lookup that misses
 * first catches up with both topics (read-your-writes).
 */
@ApplicationScoped
public class GeneralistRegistry {

    private final RecordTable<ModelReady> models;
    private final ModelDownloads downloads;
    private final TopicCatchUp catchUp;

    public GeneralistRegistry(DataSource db, TopicCatchUp catchUp, DistillConfig config,
            SpecialistDefaults defaults, ServiceTokens tokens) {
        this.models = new RecordTable<>(db, "generalist", ModelReady.class, ModelReady::modelId);
        this.catchUp = catchUp;
        this.downloads = new ModelDownloads(config.storePath().resolve("artifacts"),
                Duration.ofSeconds(defaults.downloadTimeoutSeconds()), tokens::download);
    }

    /** Remembers a model; a repeated announcement replaces the earlier one. */
    public void register(ModelReady event) {
        models.put(event);
    }

    /** The model as the database has it now. */
    public Optional<ModelReady> get(String modelId) {
        return models.get(modelId);
    }

    /** The model, once every announcement now on both topics has been read. */
    public Optional<ModelReady> find(String modelId) {
        return catchUp.find(Topics.TEACHER_MODELS, () -> get(modelId))
                .or(() -> catchUp.find(Topics.STUDENT_MODELS, () -> get(modelId)));
    }

    /** The verified artifact directory of a known model, downloaded on first use. */
    public Path artifact(ModelReady model) throws IOException, InterruptedException {
        return downloads.fetch(model);
    }
}
