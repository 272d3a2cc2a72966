package io.distill.student.messaging;

import io.distill.contract.events.ModelReady;
import io.distill.contract.events.Topics;
import io.smallrye.reactive.messaging.kafka.Record;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.CompletionStage;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;

/** Announces each finished student on {@code student-models}, keyed by model id. */
@ApplicationScoped
public class StudentModelPublisher {

    private final Emitter<Record<String, ModelReady>> emitter;

    public StudentModelPublisher(@Channel(Topics.STUDENT_MODELS) Emitter<Record<String, ModelReady>> emitter) {
        this.emitter = emitter;
    }

    public CompletionStage<Void> publish(ModelReady event) {
        return emitter.send(Record.of(event.modelId(), event));
    }
}
