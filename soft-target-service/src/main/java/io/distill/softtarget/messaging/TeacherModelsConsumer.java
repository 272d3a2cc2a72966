package io.distill.softtarget.messaging;

import io.distill.contract.events.ModelReady;
import io.distill.contract.events.Topics;
import io.distill.server.artifacts.ModelAnnouncements;
import io.distill.server.messaging.DeadLetters;
import io.distill.softtarget.jobs.PlanTrigger;
import io.distill.softtarget.jobs.TeacherRegistry;
import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.CompletionStage;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

/**
 * Learns of every teacher from {@code teacher-models}, and starts the transfer sets a teacher's plan
 * asks for. A record that is not a usable {@link ModelReady} is refused, which sends it to
 * {@code teacher-models.dlq} as it arrived, with headers naming this service and the reason; the
 * consumer goes on with the next one.
 */
@ApplicationScoped
public class TeacherModelsConsumer {

    private static final Logger LOG = Logger.getLogger(TeacherModelsConsumer.class);

    private final TeacherRegistry registry;
    private final PlanTrigger plans;

    private final String service;

    public TeacherModelsConsumer(TeacherRegistry registry, PlanTrigger plans,
            @ConfigProperty(name = "quarkus.application.name") String service) {
        this.registry = registry;
        this.plans = plans;
        this.service = service;
    }

    @Incoming(Topics.TEACHER_MODELS)
    @Blocking
    public CompletionStage<Void> onModelReady(Message<String> message) {
        return DeadLetters.handle(message, service, payload -> {
            ModelReady event = ModelAnnouncements.parse(payload);
            registry.register(event);
            LOG.infof("Teacher %s (member %d of %d of %s) is known", event.modelId(), event.member() + 1,
                    event.ensembleSize(), event.ensembleId());
            plans.onTeacher(event);
        });
    }
}
