package io.distill.specialist.messaging;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.distill.core.events.Topics;
import io.distill.core.events.TransferSetManifest;
import io.distill.service.transfer.TransferSetRegistry;
import io.distill.specialist.config.SpecialistDefaults;
import io.distill.specialist.rest.EnsembleRequest;
import io.distill.specialist.service.EnsembleJobs;
import io.distill.service.messaging.DeadLetters;
import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.CompletionStage;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;

/**
 * Learns of transfer sets from {@code transfer-sets}, and starts the ensembles a COMPLETE set's plan
 * lists. The generalist is the set's teacher: an entry may name {@code generalistModelId}; otherwise
 * it is the set's first teacher (for an ensemble of teachers, member 0: the specialists need one
 * net to copy). Ensemble {@code i} of a set's plan is job {@code <transferSetId>-e<i>}, created once;
 * a bad entry fails alone, recorded with its reason. A record that is not a usable manifest goes to
 * {@code transfer-sets.dlq} as it arrived, with headers naming this service and the reason.
 */
@ApplicationScoped
public class ManifestConsumer {

    private final TransferSetRegistry registry;
    private final EnsembleJobs jobs;
    private final SpecialistDefaults defaults;

    private final String service;

    public ManifestConsumer(TransferSetRegistry registry, EnsembleJobs jobs, SpecialistDefaults defaults,
            @ConfigProperty(name = "quarkus.application.name") String service) {
        this.registry = registry;
        this.jobs = jobs;
        this.defaults = defaults;
        this.service = service;
    }

    @Incoming(Topics.TRANSFER_SETS)
    @Blocking
    public CompletionStage<Void> onManifest(Message<String> message) {
        return DeadLetters.handle(message, service, payload -> registry.accept(payload).ifPresent(manifest ->
                jobs.startPlanned(manifest.transferSetId(), "e", TransferSetRegistry.planRequests(manifest,
                        "ensembles"), (id, entry) -> jobs.createFromPlan(id, request(manifest, (ObjectNode) entry)))));
    }

    private EnsembleRequest request(TransferSetManifest manifest, ObjectNode request) {
        if (!request.hasNonNull("generalistModelId")) {
            if (manifest.teacherModelIds() == null || manifest.teacherModelIds().isEmpty()) {
                throw new IllegalArgumentException("Transfer set " + manifest.transferSetId()
                        + " plans ensembles but names no teacher to serve as generalist");
            }
            request.put("generalistModelId", manifest.teacherModelIds().get(0));
        }
        // The teacher's ModelReady may reach this service after the manifest: wait for it.
        request.put("waitForInputs", true);
        return EnsembleRequest.parse(request, defaults);
    }
}
