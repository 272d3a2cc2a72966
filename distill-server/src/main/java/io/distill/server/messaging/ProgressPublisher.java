package io.distill.server.messaging;

import io.distill.contract.events.JobProgress;
import io.distill.contract.events.JobResult;
import io.distill.contract.events.Topics;
import io.smallrye.reactive.messaging.kafka.Record;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.CompletionStage;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.jboss.logging.Logger;

/** Publishes job progress and results on {@code distill-progress}, keyed {@code <service>/<jobId>}. */
@ApplicationScoped
public class ProgressPublisher {

    private static final Logger LOG = Logger.getLogger(ProgressPublisher.class);

    private final Emitter<Record<String, Object>> emitter;

    public ProgressPublisher(@Channel(Topics.DISTILL_PROGRESS) Emitter<Record<String, Object>> emitter) {
        this.emitter = emitter;
    }

    /** Sends one progress event; the stage completes once the broker has it. */
    public CompletionStage<Void> publish(JobProgress progress) {
        return send(progress.key(), progress);
    }

    /** Sends a job's final result. */
    public CompletionStage<Void> publish(JobResult result) {
        return send(result.key(), result);
    }

    private CompletionStage<Void> send(String key, Object event) {
        CompletionStage<Void> sent = emitter.send(Record.of(key, event));
        // Progress is informative: a broker outage must not fail the training it reports on.
        sent.exceptionally(e -> {
            LOG.warnf("Progress event %s was not published: %s", key, e.getMessage());
            return null;
        });
        return sent;
    }
}
