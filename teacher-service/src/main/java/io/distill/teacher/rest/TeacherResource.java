package io.distill.teacher.rest;

import io.distill.contract.jobs.Job;
import io.distill.contract.requests.TeacherRequest;
import io.distill.server.openapi.ProblemResponses;
import io.distill.server.rest.JobResource;
import io.distill.server.rest.Locations;
import io.distill.teacher.config.TeacherDefaults;
import io.distill.teacher.jobs.TeacherJobs;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Teacher training jobs: {@code POST /teachers} queues one; the rest show and cancel them. */
@Path("/teachers")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "teachers")
public class TeacherResource extends JobResource<Job> {

    private final TeacherJobs jobs;
    private final TeacherDefaults defaults;

    public TeacherResource(TeacherJobs jobs, TeacherDefaults defaults, Locations locations) {
        super(jobs, locations, "/teachers");
        this.jobs = jobs;
        this.defaults = defaults;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(operationId = "createTeacher", summary = "Queue a teacher (or teacher ensemble) training job",
            description = "Every field is optional; the defaults are the paper's 784-1200-1200-10 dropout teacher."
                    + " A plan is validated whole, down to each student and ensemble it carries.")
    @APIResponse(responseCode = "202", description = "Queued; Location is the job's URL",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = Job.class)))
    @APIResponse(responseCode = "422", ref = ProblemResponses.OVER_LIMIT)
    public Response create(@Valid @NotNull TeacherRequest body) {
        return accepted(jobs.create(TeacherDefaults.complete(body, defaults)));
    }

    @Override
    protected Job view(Job job) {
        return job;
    }
}
