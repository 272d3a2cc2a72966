package io.distill.softtarget.messaging;

import io.distill.contract.events.Topics;
import io.distill.contract.events.TransferSetManifest;
import io.smallrye.reactive.messaging.kafka.Record;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.CompletionStage;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;

/** Closes each transfer set with its manifest on {@code transfer-sets}, keyed by transfer set id. */
@ApplicationScoped
public class ManifestPublisher {

    private final Emitter<Record<String, TransferSetManifest>> emitter;
    private final SoftTargetMetrics metrics;

    public ManifestPublisher(
            @Channel(Topics.TRANSFER_SETS) Emitter<Record<String, TransferSetManifest>> emitter,
            SoftTargetMetrics metrics) {
        this.emitter = emitter;
        this.metrics = metrics;
    }

    /** Sends a manifest; the set counts as closed once Kafka has acknowledged it. */
    public CompletionStage<Void> publish(TransferSetManifest manifest) {
        return emitter.send(Record.of(manifest.transferSetId(), manifest))
                .thenRun(() -> metrics.closed(manifest.state()));
    }
}
