package io.distill.student.service;

import io.distill.core.events.Json;
import io.distill.core.events.TransferSetManifest;
import io.distill.service.config.DistillConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/** Every transfer-set manifest seen on {@code transfer-sets}, kept in {@code <store>/transfer-sets/}. */
@ApplicationScoped
public class TransferSetRegistry {

    private final Path dir;
    private final Map<String, TransferSetManifest> manifests = new ConcurrentHashMap<>();

    public TransferSetRegistry(DistillConfig config) throws IOException {
        this.dir = config.storePath().resolve("transfer-sets");
        Files.createDirectories(dir);
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".json")).toList()) {
                TransferSetManifest m = Json.mapper().readValue(file.toFile(), TransferSetManifest.class);
                manifests.put(m.transferSetId(), m);
            }
        }
    }

    public void register(TransferSetManifest manifest) {
        Path file = dir.resolve(manifest.transferSetId() + ".json");
        try {
            Path tmp = dir.resolve(manifest.transferSetId() + ".json.tmp");
            Json.mapper().writeValue(tmp.toFile(), manifest);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot record transfer set " + manifest.transferSetId() + " in " + file, e);
        }
        manifests.put(manifest.transferSetId(), manifest);
    }

    public Optional<TransferSetManifest> get(String transferSetId) {
        return Optional.ofNullable(manifests.get(transferSetId));
    }
}
