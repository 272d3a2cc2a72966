package io.distill.specialist.messaging;

import io.distill.core.events.ModelReady;
import io.distill.core.events.Topics;
import io.distill.service.artifacts.ModelAnnouncements;
import io.distill.specialist.service.GeneralistRegistry;
import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * Learns of every possible generalist from {@code teacher-models} and {@code student-models}. A
 * record that is not a usable {@link ModelReady} is refused, which sends it to the topic's
 * {@code .dlq} as it arrived; the consumer goes on with the next one.
 */
@ApplicationScoped
public class GeneralistConsumer {

    private static final Logger LOG = Logger.getLogger(GeneralistConsumer.class);

    private final GeneralistRegistry registry;

    public GeneralistConsumer(GeneralistRegistry registry) {
        this.registry = registry;
    }

    @Incoming(Topics.TEACHER_MODELS)
    @Blocking
    public void onTeacher(String payload) {
        register(payload);
    }

    @Incoming(Topics.STUDENT_MODELS)
    @Blocking
    public void onStudent(String payload) {
        register(payload);
    }

    private void register(String payload) {
        ModelReady event = ModelAnnouncements.parse(payload);
        registry.register(event);
        LOG.infof("Generalist candidate %s (%s) is known", event.modelId(), event.kind());
    }
}
