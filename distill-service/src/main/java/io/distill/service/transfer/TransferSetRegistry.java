package io.distill.student.service;

import io.distill.core.events.TransferSetManifest;
import io.distill.core.jobs.JsonDirectory;
import io.distill.service.config.DistillConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** Every transfer-set manifest seen on {@code transfer-sets}, kept in {@code <store>/transfer-sets/}. */
@ApplicationScoped
public class TransferSetRegistry {

    private final JsonDirectory<TransferSetManifest> files;
    private final Map<String, TransferSetManifest> manifests = new ConcurrentHashMap<>();

    public TransferSetRegistry(DistillConfig config) throws IOException {
        this.files = new JsonDirectory<>(config.storePath().resolve("transfer-sets"), TransferSetManifest.class,
                TransferSetManifest::transferSetId);
        manifests.putAll(files.readAll());
    }

    public void register(TransferSetManifest manifest) {
        files.write(manifest);
        manifests.put(manifest.transferSetId(), manifest);
    }

    public Optional<TransferSetManifest> get(String transferSetId) {
        return Optional.ofNullable(manifests.get(transferSetId));
    }
}
