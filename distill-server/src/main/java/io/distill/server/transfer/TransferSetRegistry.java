package io.distill.server.transfer;

import io.distill.contract.events.Topics;
import io.distill.contract.events.TransferSetManifest;
import io.distill.contract.events.TransferSetState;
import io.distill.contract.jobs.JobCancelledException;
import io.distill.contract.json.Json;
import io.distill.server.messaging.DeadLetters;
import io.distill.server.messaging.TopicCatchUp;
import io.distill.server.state.RecordTable;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import javax.sql.DataSource;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.reactive.messaging.Message;

/**
 * Every transfer-set manifest seen on {@code transfer-sets}, kept in the service's schema so that
 * every replica knows every set; shared by the services that train from transfer sets (students,
 * specialists). Each service's own {@code @Incoming} consumer hands the raw record to
 * {@link #onRecord} and starts its part of the plan of a COMPLETE set.
 */
@ApplicationScoped
public class TransferSetRegistry {

    private final RecordTable<TransferSetManifest> manifests;
    private final TopicCatchUp catchUp;
    private final String service;

    public TransferSetRegistry(DataSource db, TopicCatchUp catchUp,
            @ConfigProperty(name = "quarkus.application.name") String service) {
        this.manifests = new RecordTable<>(db, "transfer-set", TransferSetManifest.class,
                TransferSetManifest::transferSetId);
        this.catchUp = catchUp;
        this.service = service;
    }

    /**
     * What a service's {@code @Incoming} consumer of {@code transfer-sets} does with a record: it is
     * remembered, and handed to {@code onComplete} when it is a COMPLETE manifest. A record that is
     * not a usable manifest goes to {@code transfer-sets.dlq} as it arrived, with headers naming this
     * service and the reason.
     */
    public CompletionStage<Void> onRecord(Message<String> message, Consumer<TransferSetManifest> onComplete) {
        return DeadLetters.handle(message, service, payload -> accept(payload).ifPresent(onComplete));
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
        return manifest.state() == TransferSetState.COMPLETE ? Optional.of(manifest) : Optional.empty();
    }

    /** The set's manifest once it is COMPLETE; fails on FAILED, on cancellation, or after {@code timeout}. */
    public TransferSetManifest awaitComplete(String transferSetId, Duration timeout, BooleanSupplier cancelled)
            throws InterruptedException {
        return awaitComplete(transferSetId, 1, timeout, cancelled);
    }

    /**
     * The set's manifest once generation {@code generation} or a later one is COMPLETE; earlier
     * generations are ignored. Fails when that generation FAILED (a teacher artifact gone, say).
     */
    public TransferSetManifest awaitComplete(String transferSetId, int generation, Duration timeout,
            BooleanSupplier cancelled) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            Optional<TransferSetManifest> manifest = get(transferSetId).filter(m -> m.generation() >= generation);
            if (manifest.isPresent() && manifest.get().state() == TransferSetState.COMPLETE) {
                return manifest.get();
            }
            if (manifest.isPresent() && manifest.get().state() == TransferSetState.FAILED) {
                throw new IllegalStateException("Transfer set " + transferSetId
                        + (generation > 1 ? " (re-streamed, generation " + manifest.get().generation() + ")" : "")
                        + " failed: " + manifest.get().error());
            }
            if (cancelled.getAsBoolean()) {
                throw new JobCancelledException("Job was cancelled while waiting for " + transferSetId);
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
                    || (m.state() == TransferSetState.COMPLETE && m.offsets() == null)) {
                throw new IllegalArgumentException("A manifest needs transferSetId, state, filters and offsets: "
                        + payload);
            }
            return m;
        } catch (IOException e) {
            throw new IllegalArgumentException("Not a TransferSetManifest: " + e.getMessage(), e);
        }
    }
}
