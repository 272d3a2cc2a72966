package io.distill.specialist.messaging;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.distill.core.events.Topics;
import io.distill.core.events.TransferSetManifest;
import io.distill.service.transfer.TransferSetRegistry;
import io.distill.specialist.config.SpecialistDefaults;
import io.distill.specialist.rest.EnsembleRequest;
import io.distill.specialist.service.EnsembleJobs;
import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * Learns of transfer sets from {@code transfer-sets}, and starts the ensembles a COMPLETE set's plan
 * lists. The generalist is the set's teacher: an entry may name {@code generalistModelId}; otherwise
 * it is the set's first teacher (for an ensemble of teachers, member 0: the specialists need one
 * net to copy). A record that is not a usable manifest, or whose plan entry is not a valid request,
 * goes to {@code transfer-sets.dlq} as it arrived.
 */
@ApplicationScoped
public class ManifestConsumer {

    private static final Logger LOG = Logger.getLogger(ManifestConsumer.class);

    private final TransferSetRegistry registry;
    private final EnsembleJobs jobs;
    private final SpecialistDefaults defaults;

    public ManifestConsumer(TransferSetRegistry registry, EnsembleJobs jobs, SpecialistDefaults defaults) {
        this.registry = registry;
        this.jobs = jobs;
        this.defaults = defaults;
    }

    @Incoming(Topics.TRANSFER_SETS)
    @Blocking
    public void onManifest(String payload) {
        registry.accept(payload).ifPresent(this::startPlan);
    }

    private void startPlan(TransferSetManifest manifest) {
        for (ObjectNode request : TransferSetRegistry.planRequests(manifest, "ensembles")) {
            if (!request.hasNonNull("generalistModelId")) {
                if (manifest.teacherModelIds() == null || manifest.teacherModelIds().isEmpty()) {
                    throw new IllegalArgumentException("Transfer set " + manifest.transferSetId()
                            + " plans ensembles but names no teacher to serve as generalist");
                }
                request.put("generalistModelId", manifest.teacherModelIds().get(0));
            }
            // The teacher's ModelReady may reach this service after the manifest: wait for it.
            request.put("waitForInputs", true);
            String id = jobs.create(EnsembleRequest.parse(request, defaults)).id();
            LOG.infof("Plan of transfer set %s started ensemble %s", manifest.transferSetId(), id);
        }
    }
}
