package io.distill.softtarget.service;

import io.distill.core.events.ModelReady;
import io.distill.core.jobs.JsonDirectory;
import io.distill.service.config.DistillConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Every teacher announced on {@code teacher-models}, kept in {@code <store>/teachers/} so that the
 * service still knows them after a restart, when the topic's committed offset is past them.
 */
@ApplicationScoped
public class TeacherRegistry {

    private final JsonDirectory<ModelReady> files;
    private final Map<String, ModelReady> teachers = new ConcurrentHashMap<>();

    public TeacherRegistry(DistillConfig config) throws IOException {
        this.files = new JsonDirectory<>(config.storePath().resolve("teachers"), ModelReady.class,
                ModelReady::modelId);
        teachers.putAll(files.readAll());
    }

    /** Remembers a teacher; a repeated announcement replaces the earlier one. */
    public void register(ModelReady event) {
        files.write(event);
        teachers.put(event.modelId(), event);
    }

    public Optional<ModelReady> get(String modelId) {
        return Optional.ofNullable(teachers.get(modelId));
    }

    /** The announced members of the ensemble trained by teacher job {@code jobId}, in member order. */
    public List<ModelReady> members(String jobId) {
        return teachers.values().stream().filter(t -> jobId.equals(t.ensembleId()))
                .sorted(Comparator.comparingInt(ModelReady::member)).toList();
    }

    /** Every known teacher, newest first. */
    public List<ModelReady> list() {
        return teachers.values().stream()
                .sorted(Comparator.comparing(ModelReady::createdAt, Comparator.nullsLast(Comparator.reverseOrder())))
                .toList();
    }
}
