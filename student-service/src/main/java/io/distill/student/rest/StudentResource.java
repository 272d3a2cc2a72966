package io.distill.student.rest;

import io.distill.contract.jobs.Job;
import io.distill.contract.requests.StudentRequest;
import io.distill.contract.requests.Submitted;
import io.distill.server.openapi.ProblemResponses;
import io.distill.server.rest.JobResource;
import io.distill.server.rest.Locations;
import io.distill.student.config.StudentDefaults;
import io.distill.student.jobs.StudentJobs;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.groups.ConvertGroup;
import jakarta.validation.groups.Default;
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

/** Student training jobs: {@code POST /students} distils one student from one transfer set. */
@Path("/students")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "students")
public class StudentResource extends JobResource<Job> {

    private final StudentJobs jobs;
    private final StudentDefaults defaults;

    public StudentResource(StudentJobs jobs, StudentDefaults defaults, Locations locations) {
        super(jobs, locations, "/students");
        this.jobs = jobs;
        this.defaults = defaults;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(operationId = "createStudent", summary = "Queue a student trained from a transfer set",
            description = "Modes: distill (default, T=20), hard (the paper's baseline) or soft. An unknown"
                    + " transfer set is 404 unless waitForTransferSet is true.")
    @APIResponse(responseCode = "202", description = "Queued; Location is the job's URL",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = Job.class)))
    @APIResponse(responseCode = "404", ref = ProblemResponses.NOT_FOUND)
    @APIResponse(responseCode = "422", ref = ProblemResponses.OVER_LIMIT)
    public Response create(@Valid @ConvertGroup(from = Default.class, to = Submitted.class) @NotNull
            StudentRequest body) {
        return accepted(jobs.create(StudentDefaults.complete(body, defaults)));
    }

    @Override
    protected Job view(Job job) {
        return job;
    }
}
