package io.distill.teacher.messaging;

import io.distill.core.events.JobProgress;
import io.distill.core.events.Topics;
import io.smallrye.reactive.messaging.kafka.Record;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.CompletionStage;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;

/** Publishes job progress on {@code distill-progress}, keyed {@code <service>/<jobId>}. */
@ApplicationScoped
public class ProgressPublisher {

    private final Emitter<Record<String, JobProgress>> emitter;

    public ProgressPublisher(@Channel(Topics.DISTILL_PROGRESS) Emitter<Record<String, JobProgress>> emitter) {
        this.emitter = emitter;
    }

    /** Sends one progress event; the stage completes once the broker has acknowledged it. */
    public CompletionStage<Void> publish(JobProgress progress) {
        return emitter.send(Record.of(progress.key(), progress));
    }
}
