package io.distill.softtarget.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.distill.core.events.Json;
import io.distill.core.events.ModelReady;
import io.distill.softtarget.rest.TransferSetRequest;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * The soft-target service's part of a pipeline plan. When the last member of a teacher ensemble is
 * announced, it starts each of the plan's {@code transferSets} on that ensemble, carrying the set's
 * {@code students} and {@code ensembles} on into its manifest. Set {@code i} gets the id
 * {@code <teacherJobId>-ts<i>}, so a repeated announcement, or two replicas seeing the last member at
 * once, start nothing twice. A bad entry fails alone, recorded with its reason.
 */
@ApplicationScoped
public class PlanTrigger {

    private static final Logger LOG = Logger.getLogger(PlanTrigger.class);
    private static final List<String> CARRIED = List.of("students", "ensembles");

    private final TeacherRegistry registry;
    private final TransferSets transferSets;

    public PlanTrigger(TeacherRegistry registry, TransferSets transferSets) {
        this.registry = registry;
        this.transferSets = transferSets;
    }

    public void onTeacher(ModelReady teacher) {
        JsonNode plan = teacher.plan();
        if (plan == null || !plan.has("transferSets") || teacher.ensembleId() == null) {
            return;
        }
        int announced = registry.announced(teacher.ensembleId()).size();
        if (announced < teacher.ensembleSize()) {
            LOG.infof("Plan of %s waits: %d of %d ensemble members announced", teacher.ensembleId(), announced,
                    teacher.ensembleSize());
            return;
        }
        List<JsonNode> specs = new ArrayList<>();
        plan.get("transferSets").forEach(specs::add);
        transferSets.startPlanned(teacher.ensembleId(), "ts", specs,
                (id, spec) -> transferSets.createFromPlan(id, TransferSetRequest.parse(request(spec, teacher))));
    }

    /** A transfer-set request from a plan entry: its own fields, the ensemble, and the carried plan. */
    private static JsonNode request(JsonNode spec, ModelReady teacher) {
        if (!spec.isObject()) {
            throw new IllegalArgumentException("Plan entry " + spec + " of " + teacher.ensembleId()
                    + " is not an object.");
        }
        ObjectNode request = spec.deepCopy();
        ObjectNode carried = Json.mapper().createObjectNode();
        for (String key : CARRIED) {
            if (request.has(key)) {
                carried.set(key, request.remove(key));
            }
        }
        request.remove("name");
        if (spec.has("name")) {
            carried.set("name", spec.get("name"));
        }
        request.remove("teacherModelIds");
        request.put("teacherJobId", teacher.ensembleId());
        request.set("plan", carried);
        return request;
    }
}
