package io.distill.student.messaging;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.distill.core.events.Topics;
import io.distill.service.transfer.TransferSetRegistry;
import io.distill.student.config.StudentDefaults;
import io.distill.student.rest.StudentRequest;
import io.distill.student.service.StudentJobs;
import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * Learns of transfer sets from {@code transfer-sets}, and starts the students a COMPLETE set's plan
 * lists. A record that is not a usable manifest goes to {@code transfer-sets.dlq} as it arrived.
 */
@ApplicationScoped
public class ManifestConsumer {

    private static final Logger LOG = Logger.getLogger(ManifestConsumer.class);

    private final TransferSetRegistry registry;
    private final StudentJobs jobs;
    private final StudentDefaults defaults;

    public ManifestConsumer(TransferSetRegistry registry, StudentJobs jobs, StudentDefaults defaults) {
        this.registry = registry;
        this.jobs = jobs;
        this.defaults = defaults;
    }

    @Incoming(Topics.TRANSFER_SETS)
    @Blocking
    public void onManifest(String payload) {
        registry.accept(payload).ifPresent(manifest -> {
            for (ObjectNode request : TransferSetRegistry.planRequests(manifest, "students")) {
                String id = jobs.create(StudentRequest.parse(request, defaults)).id();
                LOG.infof("Plan of transfer set %s started student %s", manifest.transferSetId(), id);
            }
        });
    }
}
