package io.distill.student.rest;

import com.fasterxml.jackson.databind.JsonNode;
import io.distill.core.jobs.Job;
import io.distill.service.rest.Locations;
import io.distill.student.config.StudentDefaults;
import io.distill.student.service.StudentJobs;
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

/** Student training jobs: {@code POST /students} distils one student from one transfer set. */
@Path("/students")
@Produces(MediaType.APPLICATION_JSON)
public class StudentResource {

    private final StudentJobs jobs;
    private final StudentDefaults defaults;
    private final Locations locations;

    public StudentResource(StudentJobs jobs, StudentDefaults defaults, Locations locations) {
        this.jobs = jobs;
        this.defaults = defaults;
        this.locations = locations;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Queue a student trained from a transfer set",
            description = "Modes: distill (default, T=20), hard (the paper's baseline) or soft.")
    public Response create(JsonNode body) {
        Job job = jobs.create(StudentRequest.parse(body, defaults));
        return Response.accepted(job).location(locations.of("/students/" + job.id())).build();
    }

    @GET
    @Operation(summary = "List student jobs, oldest first")
    public List<Job> list() {
        return jobs.list();
    }

    @GET
    @Path("/{id}")
    @Operation(summary = "Show one student job")
    public Job get(@PathParam("id") String id) {
        return jobs.get(id);
    }

    @POST
    @Path("/{id}/cancel")
    @Operation(summary = "Cancel a queued or running student")
    public Job cancel(@PathParam("id") String id) {
        return jobs.cancel(id);
    }
}
