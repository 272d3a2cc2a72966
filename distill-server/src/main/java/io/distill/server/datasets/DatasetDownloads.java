package io.distill.server.datasets;

import io.distill.contract.datasets.DatasetManifest;
import io.distill.core.artifact.Sha256;
import io.distill.server.artifacts.VerifiedDownload;
import io.distill.server.config.DistillConfig;
import io.distill.server.objects.ObjectStore;
import io.distill.server.security.ServiceTokens;
import io.distill.server.security.TokenRoles;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Registered sets' arrays, downloaded from the service that registered them (its {@code arraysUri}, with a
 * token of this service) or, in that service, read from its part of the object store; checked against the
 * announced SHA-256 and cached in the store directory.
 */
@ApplicationScoped
public class DatasetDownloads {

    private static final Duration TIMEOUT = Duration.ofMinutes(10);

    private final Path root;
    private final ServiceTokens tokens;
    private final ObjectStore store;
    private final boolean registers;
    private final Map<String, Object> locks = new ConcurrentHashMap<>();

    public DatasetDownloads(DistillConfig config, ServiceTokens tokens, ObjectStore store,
            @ConfigProperty(name = "quarkus.application.name") String service) {
        this.root = config.storePath().resolve("datasets");
        this.tokens = tokens;
        this.store = store;
        this.registers = DatasetRegistrar.SERVING_SERVICE.equals(service);
    }

    /** The verified arrays file of {@code manifest}'s set, downloading it first if needed. */
    public Path fetch(DatasetManifest manifest) throws IOException {
        // One download per set at a time; different sets download side by side, as models do.
        synchronized (locks.computeIfAbsent(manifest.datasetId(), id -> new Object())) {
            Path file = root.resolve(manifest.datasetId() + ".npz");
            return Files.isRegularFile(file) ? file : download(manifest, file);
        }
    }

    private Path download(DatasetManifest manifest, Path file) throws IOException {
        Files.createDirectories(root);
        Path part = root.resolve(manifest.datasetId() + ".npz.part");
        try {
            if (registers) {
                String key = DatasetRegistrar.arraysKey(manifest.datasetId());
                if (!store.download(key, part) || !Sha256.of(part).equals(manifest.arraysSha256())) {
                    Files.deleteIfExists(part);
                    throw new IOException("Data set " + manifest.datasetId() + " has no arrays in the object store"
                            + " that match its manifest's SHA-256 (" + key + ")");
                }
            } else {
                VerifiedDownload.fetch(URI.create(manifest.arraysUri()),
                        tokens.authorization(DatasetRegistrar.SERVING_SERVICE, TokenRoles.READ), TIMEOUT, part,
                        manifest.arraysSha256(), "data set " + manifest.datasetId());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("Interrupted while downloading data set " + manifest.datasetId(), e);
        }
        Files.move(part, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        return file;
    }
}
