package io.distill.server.health;

import io.distill.contract.health.Replica;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

/** {@code GET /replicas}: this service's replicas, from any of them. */
@Path("/replicas")
public class ReplicaResource {

    private final Replicas replicas;

    public ReplicaResource(Replicas replicas) {
        this.replicas = replicas;
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(operationId = "listReplicas", summary = "List this service's replicas",
            description = "Every replica that reported itself in the last hour (each does every 5 s), whichever"
                    + " replica answers: its id (HOSTNAME, as jobs name it in instance), whether it is live (a report"
                    + " under 20 s old), when it started and last reported, its device and version.")
    @APIResponse(responseCode = "200", description = "The replicas, by id")
    public List<Replica> list() {
        return replicas.list();
    }
}
