package io.distill.specialist.messaging;

import io.distill.contract.events.EnsembleReady;
import io.distill.contract.events.Topics;
import io.smallrye.reactive.messaging.kafka.Record;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.CompletionStage;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;

/** Announces each finished ensemble on {@code specialist-ensembles}, keyed by ensemble id. */
@ApplicationScoped
public class EnsemblePublisher {

    private final Emitter<Record<String, EnsembleReady>> emitter;

    public EnsemblePublisher(@Channel(Topics.SPECIALIST_ENSEMBLES) Emitter<Record<String, EnsembleReady>> emitter) {
        this.emitter = emitter;
    }

    public CompletionStage<Void> publish(EnsembleReady event) {
        return emitter.send(Record.of(event.ensembleId(), event));
    }
}
