package io.distill.teacher.rest;

import com.fasterxml.jackson.databind.JsonNode;
import io.distill.core.jobs.Job;
import io.distill.service.rest.Locations;
import io.distill.teacher.config.TeacherDefaults;
import io.distill.teacher.service.TeacherJobs;
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

/** Teacher training jobs: {@code POST /teachers} queues one; the rest show and cancel them. */
@Path("/teachers")
@Produces(MediaType.APPLICATION_JSON)
public class TeacherResource {

    private final TeacherJobs jobs;
    private final TeacherDefaults defaults;
    private final Locations locations;

    public TeacherResource(TeacherJobs jobs, TeacherDefaults defaults, Locations locations) {
        this.jobs = jobs;
        this.defaults = defaults;
        this.locations = locations;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Queue a teacher (or teacher ensemble) training job",
            description = "Every field is optional; the defaults are the paper's 784-1200-1200-10 dropout teacher.")
    public Response create(JsonNode body) {
        Job job = jobs.create(TeacherRequest.parse(body, defaults));
        return Response.accepted(job).location(locations.of("/teachers/" + job.id())).build();
    }

    @GET
    @Operation(summary = "List teacher jobs, oldest first")
    public List<Job> list() {
        return jobs.list();
    }

    @GET
    @Path("/{id}")
    @Operation(summary = "Show one teacher job: state, progress, metrics and model ids")
    public Job get(@PathParam("id") String id) {
        return jobs.get(id);
    }

    @POST
    @Path("/{id}/cancel")
    @Operation(summary = "Cancel a queued or running job; it stops at the next batch")
    public Job cancel(@PathParam("id") String id) {
        return jobs.cancel(id);
    }
}
