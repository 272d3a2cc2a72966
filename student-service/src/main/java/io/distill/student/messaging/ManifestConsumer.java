package io.distill.student.messaging;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.distill.core.events.Json;
import io.distill.core.events.Topics;
import io.distill.core.events.TransferSetManifest;
import io.distill.student.config.StudentDefaults;
import io.distill.student.rest.StudentRequest;
import io.distill.student.service.StudentJobs;
import io.distill.student.service.TransferSetRegistry;
import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
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
        TransferSetManifest manifest = parse(payload);
        boolean known = registry.get(manifest.transferSetId()).map(m -> m.state().equals(manifest.state()))
                .orElse(false);
        registry.register(manifest);
        if (known || !TransferSetManifest.COMPLETE.equals(manifest.state()) || manifest.plan() == null
                || !manifest.plan().has("students")) {
            return;
        }
        for (JsonNode student : manifest.plan().get("students")) {
            ObjectNode request = student.isObject() ? student.deepCopy() : Json.mapper().createObjectNode();
            request.put("transferSetId", manifest.transferSetId());
            String id = jobs.create(StudentRequest.parse(request, defaults)).id();
            LOG.infof("Plan of transfer set %s started student %s", manifest.transferSetId(), id);
        }
    }

    static TransferSetManifest parse(String payload) {
        try {
            TransferSetManifest m = Json.mapper().readValue(payload, TransferSetManifest.class);
            if (m == null || m.transferSetId() == null || m.state() == null || m.filters() == null
                    || (TransferSetManifest.COMPLETE.equals(m.state()) && m.offsets() == null)) {
                throw new IllegalArgumentException("A manifest needs transferSetId, state, filters and offsets: "
                        + payload);
            }
            return m;
        } catch (IOException e) {
            throw new IllegalArgumentException("Not a TransferSetManifest: " + e.getMessage(), e);
        }
    }
}
