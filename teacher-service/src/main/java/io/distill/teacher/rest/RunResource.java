package io.distill.teacher.rest;

import io.distill.contract.jobs.Job;
import io.distill.contract.requests.TeacherRequest;
import io.distill.contract.runs.PlanJobs;
import io.distill.contract.runs.Run;
import io.distill.contract.runs.RunBuilder;
import io.distill.server.jobs.JobFilter;
import io.distill.server.problems.UnknownIdException;
import io.distill.server.rest.JobFilters;
import io.distill.server.rest.JobResource;
import io.distill.teacher.jobs.TeacherJobs;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestResponse;

/**
 * Runs: a teacher job and everything its plan starts ({@link PlanJobs}), by the teacher job's id. The jobs'
 * own states are on their services, where {@code GET /<root>?run=<id>} lists a run's jobs.
 */
@Path("/runs")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "runs")
public class RunResource {

    private final TeacherJobs jobs;

    public RunResource(TeacherJobs jobs) {
        this.jobs = jobs;
    }

    @GET
    @Operation(operationId = "listRuns", summary = "List the runs, oldest first",
            description = "Every teacher job (not an ensemble's members) with the jobs its plan starts; a teacher"
                    + " without a plan is a run of one job. X-Total-Count says how many the filter selects.")
    @APIResponse(responseCode = "200", description = "The runs, oldest first", headers = @Header(
            name = JobResource.TOTAL_COUNT, description = "How many runs the filter selects, all pages together",
            schema = @Schema(type = SchemaType.INTEGER)))
    public RestResponse<List<Run>> list(
            @Parameter(description = "The teacher job's state: QUEUED, RUNNING, SUCCEEDED, FAILED or CANCELLED")
            @QueryParam("state") String state,
            @Parameter(description = "At most this many, 1 to 1000 (default: all)") @QueryParam("limit") String limit,
            @Parameter(description = "After skipping this many (default 0)") @QueryParam("offset") String offset) {
        JobFilter filter = JobFilters.parse(null, state, TeacherJobs.TEACHER.name(), limit, offset);
        return JobResource.page(jobs.list(filter), RunResource::run);
    }

    @GET
    @Path("/{id}")
    @Operation(operationId = "getRun", summary = "Show one run: its teacher job and the jobs its plan starts",
            description = "Each job with its service, id, role and the job it follows from; GET /<root>/{id} on"
                    + " its service shows it.")
    @APIResponse(responseCode = "200", description = "The run")
    public Run get(@Parameter(description = "The run's teacher job id") @PathParam("id") String id) {
        Job job = jobs.get(id);
        if (!TeacherJobs.TEACHER.name().equals(job.kind())) {
            throw new UnknownIdException("run", id);
        }
        return run(job);
    }

    private static Run run(Job job) {
        TeacherRequest request = (TeacherRequest) job.request();
        return RunBuilder.builder().id(job.id()).state(job.state()).dataset(request.dataset())
                .createdAt(job.createdAt()).updatedAt(job.updatedAt()).error(job.error())
                .jobs(PlanJobs.of(job.id(), request)).build();
    }
}
