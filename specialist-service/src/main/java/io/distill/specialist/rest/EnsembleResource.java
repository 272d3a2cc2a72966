package io.distill.specialist.rest;

import com.fasterxml.jackson.databind.JsonNode;
import io.distill.core.jobs.Job;
import io.distill.core.jobs.JobState;
import io.distill.service.rest.ConflictException;
import io.distill.service.rest.Locations;
import io.distill.specialist.config.SpecialistDefaults;
import io.distill.specialist.service.EnsembleInference;
import io.distill.specialist.service.EnsembleJobs;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;

/** Generalist-plus-specialists jobs: {@code POST /ensembles} builds one from a generalist and its transfer set. */
@Path("/ensembles")
@Produces(MediaType.APPLICATION_JSON)
public class EnsembleResource {

    private final EnsembleJobs jobs;
    private final EnsembleInference inference;
    private final SpecialistDefaults defaults;
    private final Locations locations;

    public EnsembleResource(EnsembleJobs jobs, EnsembleInference inference, SpecialistDefaults defaults, Locations locations) {
        this.jobs = jobs;
        this.inference = inference;
        this.defaults = defaults;
        this.locations = locations;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Queue an ensemble of a generalist and its specialists",
            description = "Subsets by K-means on the covariance of the generalist's predictions; specialists with"
                    + " a dustbin class, trained from the generalist; KL combination at inference.")
    public Response create(JsonNode body) {
        Job job = jobs.create(EnsembleRequest.parse(body, defaults));
        return Response.accepted(job).location(locations.of("/ensembles/" + job.id())).build();
    }

    @GET
    @Operation(summary = "List ensemble jobs, oldest first")
    public List<Job> list() {
        return jobs.list();
    }

    @GET
    @Path("/{id}")
    @Operation(summary = "Show one ensemble job")
    public Job get(@PathParam("id") String id) {
        return jobs.get(id);
    }

    @POST
    @Path("/{id}/cancel")
    @Operation(summary = "Cancel a queued or running ensemble")
    public Job cancel(@PathParam("id") String id) {
        return jobs.cancel(id);
    }

    @POST
    @Path("/{id}/predict")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Classify images with a finished ensemble",
            description = "images: base64 uint8 28x28 images or arrays of 784 pixels. Returns the combined"
                    + " distribution, the generalist's, and the active specialists.")
    public Map<String, List<Prediction>> predict(@PathParam("id") String id, JsonNode body) throws Exception {
        Job job = jobs.get(id);
        if (job.state() != JobState.SUCCEEDED) {
            throw new ConflictException("id", "ensemble " + id + " is " + job.state() + "; only a SUCCEEDED one predicts");
        }
        return Map.of("predictions", inference.predict(id, PredictRequest.parse(body).images()));
    }
}
