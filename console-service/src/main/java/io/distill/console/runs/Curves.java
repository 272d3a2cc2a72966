package io.distill.console.runs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.distill.console.services.ServiceApi;
import io.distill.contract.json.Json;
import io.distill.contract.runs.PlanJobs;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * A run's learning curves, one series per training job (teacher, students, ensembles) from its stored
 * epochs ({@code GET /<root>/<id>/epochs}), as the page's charts take them:
 * {@code {"series": [{"id", "label", "epochs": [{"epoch", "validationErrors", "trainLoss"}]}]}}.
 */
@ApplicationScoped
public class Curves {

    private final ServiceApi api;

    public Curves(ServiceApi api) {
        this.api = api;
    }

    public ObjectNode of(RunBoard board) {
        ObjectNode curves = Json.mapper().createObjectNode();
        ArrayNode series = curves.putArray("series");
        for (JobNode node : board.nodes()) {
            if (PlanJobs.SOFT_TARGET_SERVICE.equals(node.service())) {
                // A transfer set streams; it has no epochs.
                continue;
            }
            // A job still waiting has a series too, which its first epoch's event on the page fills.
            series.add(series(node.service(), node.id(), node.role(), !JobNode.WAITING.equals(node.state())));
        }
        return curves;
    }

    /** One job's curve alone, as a job's page charts it; empty when it trains no epochs. */
    public ObjectNode of(String service, String id, boolean trains) {
        ObjectNode curves = Json.mapper().createObjectNode();
        curves.putArray("series").add(series(service, id, id, trains));
        return curves;
    }

    /** Job {@code id}'s series labelled {@code label}, with its stored epochs when {@code read}. */
    private ObjectNode series(String service, String id, String label, boolean read) {
        ObjectNode line = Json.mapper().createObjectNode().put("id", id).put("label", label);
        ArrayNode points = line.putArray("epochs");
        if (read) {
            api.read(service, ServiceApi.root(service) + "/" + id + "/epochs")
                    .ifPresent(epochs -> epochs.forEach(e -> points.add(point(e))));
        }
        return line;
    }

    /** One epoch's point, from a stored epoch or a progress event: both name these fields alike. */
    public static ObjectNode point(JsonNode epoch) {
        ObjectNode point = Json.mapper().createObjectNode().put("epoch", epoch.path("epoch").asInt());
        point.set("validationErrors", epoch.path("validationErrors").isNumber() ? epoch.path("validationErrors")
                : Json.mapper().nullNode());
        point.set("trainLoss", epoch.path("trainLoss").isNumber() ? epoch.path("trainLoss") : Json.mapper().nullNode());
        return point;
    }
}
