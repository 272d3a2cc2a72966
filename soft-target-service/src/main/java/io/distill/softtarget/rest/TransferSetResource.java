package io.distill.softtarget.rest;

import io.distill.contract.events.ModelReady;
import io.distill.contract.jobs.Job;
import io.distill.contract.requests.TransferSetRequest;
import io.distill.server.openapi.ProblemResponses;
import io.distill.server.rest.JobResource;
import io.distill.server.rest.Locations;
import io.distill.softtarget.jobs.TeacherRegistry;
import io.distill.softtarget.jobs.TransferSets;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
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
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Transfer sets: {@code POST /transfer-sets} streams a teacher's soft targets over a data set. */
@Path("/transfer-sets")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "transfer-sets")
public class TransferSetResource extends JobResource<TransferSetView> {

    private final TransferSets sets;
    private final TeacherRegistry teachers;

    public TransferSetResource(TransferSets sets, TeacherRegistry teachers, Locations locations) {
        super(sets, locations, "/transfer-sets");
        this.sets = sets;
        this.teachers = teachers;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(operationId = "createTransferSet",
            summary = "Stream a teacher's (or an ensemble's) logits over a transfer set",
            description = "202 with a new set; 200 with the existing set when an identical request"
                    + " (same teachers, data and filters) has not failed.")
    @APIResponse(responseCode = "200", description = "An identical set exists and has not failed; it is returned",
            headers = @Header(name = "X-Distill-Existing", description = "true: the set existed",
                    schema = @Schema(type = SchemaType.BOOLEAN)),
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = TransferSetView.class)))
    @APIResponse(responseCode = "202", description = "Queued; Location is the job's URL",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = TransferSetView.class)))
    @APIResponse(responseCode = "404", ref = ProblemResponses.NOT_FOUND)
    @APIResponse(responseCode = "409", ref = ProblemResponses.CONFLICT)
    @APIResponse(responseCode = "422", ref = ProblemResponses.OVER_LIMIT)
    public Response create(@Valid @NotNull TransferSetRequest body) {
        TransferSets.Created created = sets.create(body.withDefaults());
        Response.ResponseBuilder response = created.existing() ? Response.ok(view(created.job()))
                : Response.accepted(view(created.job()));
        return status(response.header("X-Distill-Existing", created.existing()), created.job());
    }

    @GET
    @Path("/teachers")
    @Operation(operationId = "listTeachers",
            summary = "The teachers this service has seen announced on teacher-models, newest first",
            description = "Each teacher's ModelReady event, as any replica of this service has recorded it; a"
                    + " transfer set can name any of them by modelId, or a whole ensemble by its teacher job.")
    public List<ModelReady> teachers() {
        return teachers.list();
    }

    @POST
    @Path("/{id}/restream")
    @Operation(operationId = "restreamTransferSet",
            summary = "Stream an expired transfer set again, under the same id",
            description = "When Kafka has deleted some of the set's events (the topic's retention), the set is"
                    + " streamed again from the same teachers, data, split, filters and combine rule, and a new"
                    + " manifest generation with new offsets follows on transfer-sets: 202. A set still streaming, or"
                    + " whose events are all there, is returned as it is: 200. Students and ensembles ask for this"
                    + " themselves, at the manifest's restreamUri, when they find their set expired.")
    @APIResponse(responseCode = "200", description = "Nothing to do: the set streams now, or is whole on the topic",
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = TransferSetView.class)))
    @APIResponse(responseCode = "202", description = "Queued to stream again as the next generation",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = TransferSetView.class)))
    @APIResponse(responseCode = "404", ref = ProblemResponses.NOT_FOUND)
    @APIResponse(responseCode = "409", ref = ProblemResponses.CONFLICT)
    public Response restream(@Parameter(description = "The transfer set's id") @PathParam("id") String id) {
        TransferSets.Restream restream = sets.restream(id);
        Response.ResponseBuilder response = restream.queued() ? Response.accepted(view(restream.job()))
                : Response.ok(view(restream.job()));
        return status(response, restream.job());
    }

    @Override
    protected TransferSetView view(Job job) {
        return TransferSetView.of(job, sets.expired(job));
    }
}
