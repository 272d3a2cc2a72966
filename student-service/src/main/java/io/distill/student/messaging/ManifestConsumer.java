package io.distill.student.messaging;

import io.distill.core.events.Topics;
import io.distill.service.transfer.TransferSetRegistry;
import io.distill.student.config.StudentDefaults;
import io.distill.student.rest.StudentRequest;
import io.distill.student.service.StudentJobs;
import io.distill.service.messaging.DeadLetters;
import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.CompletionStage;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;

/**
 * Learns of transfer sets from {@code transfer-sets}, and starts the students a COMPLETE set's plan
 * lists. A record that is not a usable manifest goes to {@code transfer-sets.dlq} as it arrived,
 * with headers naming this service and the reason.
 */
@ApplicationScoped
public class ManifestConsumer {

    private final TransferSetRegistry registry;
    private final StudentJobs jobs;
    private final StudentDefaults defaults;

    private final String service;

    public ManifestConsumer(TransferSetRegistry registry, StudentJobs jobs, StudentDefaults defaults,
            @ConfigProperty(name = "quarkus.application.name") String service) {
        this.registry = registry;
        this.jobs = jobs;
        this.defaults = defaults;
        this.service = service;
    }

    /** Student {@code i} of a set's plan is job {@code <transferSetId>-s<i>}, created once. */
    @Incoming(Topics.TRANSFER_SETS)
    @Blocking
    public CompletionStage<Void> onManifest(Message<String> message) {
        return DeadLetters.handle(message, service, payload -> registry.accept(payload).ifPresent(manifest ->
                jobs.startPlanned(manifest.transferSetId(), "s", TransferSetRegistry.planRequests(manifest, "students"),
                        (id, request) -> jobs.createFromPlan(id, StudentRequest.parse(request, defaults)))));
    }
}
