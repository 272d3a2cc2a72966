package io.distill.softtarget.rest;

import com.fasterxml.jackson.databind.JsonNode;
import io.distill.core.events.ModelReady;
import io.distill.service.rest.Locations;
import io.distill.softtarget.service.TeacherRegistry;
import io.distill.softtarget.service.TransferSets;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;

/** Transfer sets: {@code POST /transfer-sets} streams a teacher's soft targets over a data set. */
@Path("/transfer-sets")
@Produces(MediaType.APPLICATION_JSON)
public class TransferSetResource {

    private final TransferSets sets;
    private final TeacherRegistry teachers;
    private final Locations locations;

    public TransferSetResource(TransferSets sets, TeacherRegistry teachers, Locations locations) {
        this.sets = sets;
        this.teachers = teachers;
        this.locations = locations;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Stream a teacher's (or an ensemble's) logits over a transfer set",
            description = "202 with a new set; 200 with the existing set when an identical request"
                    + " (same teachers, data and filters) has not failed.")
    public Response create(JsonNode body) {
        TransferSets.Created created = sets.create(TransferSetRequest.parse(body));
        TransferSetView view = TransferSetView.of(created.job());
        Response.ResponseBuilder response = created.existing() ? Response.ok(view) : Response.accepted(view);
        return response.location(locations.of("/transfer-sets/" + created.job().id()))
                .header("X-Distill-Existing", created.existing())
                .build();
    }

    @GET
    @Operation(summary = "List transfer sets, oldest first")
    public List<TransferSetView> list() {
        return sets.list().stream().map(TransferSetView::of).toList();
    }

    @GET
    @Path("/{id}")
    @Operation(summary = "Show one transfer set: state, count, published, class counts and offsets")
    public TransferSetView get(@PathParam("id") String id) {
        return TransferSetView.of(sets.get(id));
    }

    @POST
    @Path("/{id}/cancel")
    @Operation(summary = "Cancel a queued or streaming set; it ends with a FAILED manifest")
    public TransferSetView cancel(@PathParam("id") String id) {
        return TransferSetView.of(sets.cancel(id));
    }

    @GET
    @Path("/teachers")
    @Operation(summary = "The teachers this service has seen announced on teacher-models, newest first")
    public List<ModelReady> teachers() {
        return teachers.list();
    }
}
