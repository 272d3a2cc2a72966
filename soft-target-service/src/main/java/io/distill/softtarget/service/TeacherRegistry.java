package io.distill.softtarget.service;

import io.distill.core.events.Json;
import io.distill.core.events.ModelReady;
import io.distill.service.config.DistillConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * Every teacher announced on {@code teacher-models}, kept in {@code <store>/teachers/} so that the
 * service still knows them after a restart, when the topic's committed offset is past them.
 */
@ApplicationScoped
public class TeacherRegistry {

    private final Path dir;
    private final Map<String, ModelReady> teachers = new ConcurrentHashMap<>();

    public TeacherRegistry(DistillConfig config) throws IOException {
        this.dir = config.storePath().resolve("teachers");
        Files.createDirectories(dir);
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".json")).toList()) {
                ModelReady event = Json.mapper().readValue(file.toFile(), ModelReady.class);
                teachers.put(event.modelId(), event);
            }
        }
    }

    /** Remembers a teacher; a repeated announcement replaces the earlier one. */
    public void register(ModelReady event) {
        Path file = dir.resolve(event.modelId() + ".json");
        try {
            Path tmp = dir.resolve(event.modelId() + ".json.tmp");
            Json.mapper().writeValue(tmp.toFile(), event);
            Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                    java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot record teacher " + event.modelId() + " in " + file, e);
        }
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
