package io.distill.specialist.messaging;

import io.distill.contract.events.ModelReady;
import io.distill.contract.events.Topics;
import io.distill.server.artifacts.ModelAnnouncements;
import io.distill.server.messaging.DeadLetters;
import io.distill.specialist.jobs.GeneralistRegistry;
import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.CompletionStage;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

/**
 * Learns of every possible generalist from {@code teacher-models} and {@code student-models}. A
 * record that is not a usable {@link ModelReady} is refused, which sends it to the topic's
 * {@code .dlq} as it arrived, with headers naming this service and the reason; the consumer goes on with the next one.
 */
@ApplicationScoped
public class GeneralistConsumer {

    private static final Logger LOG = Logger.getLogger(GeneralistConsumer.class);

    private final GeneralistRegistry registry;
    private final String service;

    public GeneralistConsumer(GeneralistRegistry registry,
            @ConfigProperty(name = "quarkus.application.name") String service) {
        this.registry = registry;
        this.service = service;
    }

    @Incoming(Topics.TEACHER_MODELS)
    @Blocking
    public CompletionStage<Void> onTeacher(Message<String> message) {
        return DeadLetters.handle(message, service, this::register);
    }

    @Incoming(Topics.STUDENT_MODELS)
    @Blocking
    public CompletionStage<Void> onStudent(Message<String> message) {
        return DeadLetters.handle(message, service, this::register);
    }

    private void register(String payload) {
        ModelReady event = ModelAnnouncements.parse(payload);
        registry.register(event);
        LOG.infof("Generalist candidate %s (%s) is known", event.modelId(), event.kind());
    }
}
