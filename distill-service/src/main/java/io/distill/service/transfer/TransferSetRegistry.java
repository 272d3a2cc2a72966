package io.distill.service.transfer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.distill.core.events.Json;
import io.distill.core.events.TransferSetManifest;
import io.distill.core.jobs.JsonDirectory;
import io.distill.core.train.TrainingCancelledException;
import io.distill.service.config.DistillConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;

/**
 * Every transfer-set manifest seen on {@code transfer-sets}, kept in {@code <store>/transfer-sets/},
 * shared by the services that train from transfer sets (students, specialists). Each service's own
 * {@code @Incoming} consumer hands the raw record to {@link #accept(String)} and starts its part of
 * the plan of a set that has just become COMPLETE.
 */
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

    /**
     * Parses and remembers a manifest record. Returns it when it has just become COMPLETE (a repeat in
     * the same state returns empty, so a redelivered manifest starts nothing twice). A record that is
     * not a usable manifest throws {@link IllegalArgumentException}, which dead-letters it.
     */
    public Optional<TransferSetManifest> accept(String payload) {
        TransferSetManifest manifest = parse(payload);
        boolean known = get(manifest.transferSetId()).map(m -> m.state().equals(manifest.state())).orElse(false);
        register(manifest);
        return known || !TransferSetManifest.COMPLETE.equals(manifest.state()) ? Optional.empty()
                : Optional.of(manifest);
    }

    /**
     * The request bodies the manifest's plan lists under {@code key} ({@code students} or
     * {@code ensembles}), each with {@code transferSetId} filled in.
     */
    public static List<ObjectNode> planRequests(TransferSetManifest manifest, String key) {
        List<ObjectNode> requests = new ArrayList<>();
        if (manifest.plan() == null || !manifest.plan().has(key)) {
            return requests;
        }
        for (JsonNode entry : manifest.plan().get(key)) {
            ObjectNode request = entry.isObject() ? entry.deepCopy() : Json.mapper().createObjectNode();
            request.put("transferSetId", manifest.transferSetId());
            requests.add(request);
        }
        return requests;
    }

    /** The set's manifest once it is COMPLETE; fails on FAILED, on cancellation, or after {@code timeout}. */
    public TransferSetManifest awaitComplete(String transferSetId, Duration timeout, BooleanSupplier cancelled)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            Optional<TransferSetManifest> manifest = get(transferSetId);
            if (manifest.isPresent() && TransferSetManifest.COMPLETE.equals(manifest.get().state())) {
                return manifest.get();
            }
            if (manifest.isPresent() && TransferSetManifest.FAILED.equals(manifest.get().state())) {
                throw new IllegalStateException("Transfer set " + transferSetId + " failed: "
                        + manifest.get().error());
            }
            if (cancelled.getAsBoolean()) {
                throw new TrainingCancelledException("Job was cancelled while waiting for " + transferSetId);
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("Transfer set " + transferSetId + " was not complete after "
                        + timeout.toSeconds() + " s");
            }
            Thread.sleep(500);
        }
    }

    /** Reads and checks a manifest; anything unusable throws {@link IllegalArgumentException}. */
    public static TransferSetManifest parse(String payload) {
        try {
            TransferSetManifest m = Json.mapper().readValue(payload, TransferSetManifest.class);
            if (m == null || m.transferSetId() == null || m.state() == null || m.filters() == null
                    || (TransferSetManifest.COMPLETE.equals(m.state()) && m.offsets() == null)) {
                throw new IllegalArgumentException("A manifest needs transferSetId, state, filters and offsets: "
                        + payload);
            }
            return m;
        } catch (IOException e) {
            throw new IllegalArgumentException("Not a TransferSetManifest: " + e.getMessage(), e);
        }
    }
}
