package io.distill.service.transfer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.distill.core.events.Json;
import io.distill.core.events.TransferSetManifest;
import io.distill.core.events.Topics;
import io.distill.core.train.TrainingCancelledException;
import io.distill.service.messaging.TopicCatchUp;
import io.distill.service.state.RecordTable;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import javax.sql.DataSource;

/**
 * Every transfer-set manifest seen on {@code transfer-sets}, kept in the service's schema so that
 * every replica knows every set; shared by the services that train from transfer sets (students,
 * specialists). Each service's own {@code @Incoming} consumer hands the raw record to
 * {@link #accept(String)} and starts its part of the plan of a COMPLETE set.
 */
@ApplicationScoped
public class TransferSetRegistry {

    private final RecordTable<TransferSetManifest> manifests;
    private final TopicCatchUp catchUp;

    public TransferSetRegistry(DataSource db, TopicCatchUp catchUp) {
        this.manifests = new RecordTable<>(db, "transfer-set", TransferSetManifest.class,
                TransferSetManifest::transferSetId);
        this.catchUp = catchUp;
    }

    public void register(TransferSetManifest manifest) {
        manifests.put(manifest);
    }

    /** The set's manifest as the database has it now. */
    public Optional<TransferSetManifest> get(String transferSetId) {
        return manifests.get(transferSetId);
    }

    /** The set's manifest, once this service has read every manifest now on the topic. */
    public Optional<TransferSetManifest> find(String transferSetId) {
        return catchUp.find(Topics.TRANSFER_SETS, () -> get(transferSetId));
    }

    /**
     * Parses and remembers a manifest record, and returns it when it is COMPLETE, every time it is
     * delivered: the jobs its plan starts have ids derived from it, so starting them again is a no-op.
     * A record that is not a usable manifest throws {@link IllegalArgumentException}, which
     * dead-letters it.
     */
    public Optional<TransferSetManifest> accept(String payload) {
        TransferSetManifest manifest = parse(payload);
        register(manifest);
        return TransferSetManifest.COMPLETE.equals(manifest.state()) ? Optional.of(manifest) : Optional.empty();
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
