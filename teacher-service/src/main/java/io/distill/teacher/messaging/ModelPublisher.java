package io.distill.teacher.messaging;

import io.distill.contract.events.ModelReady;
import io.distill.contract.events.Topics;
import io.smallrye.reactive.messaging.kafka.Record;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.CompletionStage;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;

/** Announces each finished teacher on {@code teacher-models}, keyed by model id. */
@ApplicationScoped
public class ModelPublisher {

    private final Emitter<Record<String, ModelReady>> emitter;

    public ModelPublisher(@Channel(Topics.TEACHER_MODELS) Emitter<Record<String, ModelReady>> emitter) {
        this.emitter = emitter;
    }

    /** Sends the event; the stage completes once the broker has acknowledged it. */
    public CompletionStage<Void> publish(ModelReady event) {
        return emitter.send(Record.of(event.modelId(), event));
    }
}
