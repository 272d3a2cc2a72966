package io.distill.server.rest;

import io.distill.contract.jobs.Job;
import io.distill.contract.jobs.JobEpoch;
import io.distill.server.jobs.JobControl;
import io.distill.server.jobs.JobFilter;
import io.distill.server.jobs.JobStore;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.function.Function;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.jboss.resteasy.reactive.RestResponse;

/**
 * The shape every job resource shares: list the jobs, show one, cancel one. Each service's resource
 * adds its typed {@code POST}, which answers with {@link #accepted}: 202, the job, and a
 * {@code Location} built from {@code DISTILL_PUBLIC_URL}.
 *
 * @param <V> what a job looks like to clients: the {@link Job}, or a view that adds to it
 */
public abstract class JobResource<V> {

    /** The response header of a list with how many items its filter selects, all pages together. */
    public static final String TOTAL_COUNT = "X-Total-Count";

    private final JobControl jobs;
    private final Locations locations;
    private final String root;

    protected JobResource(JobControl jobs, Locations locations, String root) {
        this.jobs = jobs;
        this.locations = locations;
        this.root = root;
    }

    /** What clients see of {@code job}. */
    protected abstract V view(Job job);

    @GET
    @Operation(operationId = "listJobs", summary = "List the jobs, oldest first",
            description = "The jobs of this service, whichever replica runs or ran them, oldest first: all of them,"
                    + " or those of one run, state or kind, a page at a time. X-Total-Count says how many the"
                    + " filter selects.")
    @APIResponse(responseCode = "200", description = "The jobs, oldest first", headers = @Header(name = TOTAL_COUNT,
            description = "How many jobs the filter selects, all pages together",
            schema = @Schema(type = SchemaType.INTEGER)))
    public RestResponse<List<V>> list(
            @Parameter(description = "A run's teacher job id: that job and the jobs its plan started, with their"
                    + " child jobs") @QueryParam("run") String run,
            @Parameter(description = "QUEUED, RUNNING, SUCCEEDED, FAILED or CANCELLED") @QueryParam("state")
            String state,
            @Parameter(description = "One kind of this service's jobs, such as student") @QueryParam("kind")
            String kind,
            @Parameter(description = "At most this many, 1 to 1000 (default: all)") @QueryParam("limit") String limit,
            @Parameter(description = "After skipping this many (default 0)") @QueryParam("offset") String offset) {
        JobFilter filter = JobFilters.parse(run, state, kind, limit, offset);
        return page(jobs.list(filter), this::view);
    }

    /** A page of jobs, each as {@code view} shows it, with {@value #TOTAL_COUNT}: how many the filter selects. */
    public static <T> RestResponse<List<T>> page(JobStore.Page page, Function<Job, T> view) {
        return RestResponse.ResponseBuilder.ok(page.jobs().stream().map(view).toList())
                .header(TOTAL_COUNT, page.total()).build();
    }

    @GET
    @Path("/{id}")
    @Operation(operationId = "getJob", summary = "Show one job",
            description = "State, progress, metrics, the models it produced, and which replica ran it.")
    @APIResponse(responseCode = "200", description = "The job")
    public V get(@Parameter(description = "The job id") @PathParam("id") String id) {
        return view(jobs.get(id));
    }

    @GET
    @Path("/{id}/epochs")
    @Operation(operationId = "getJobEpochs", summary = "A job's learning curve, one entry per epoch",
            description = "Each epoch as it ended: training loss, validation errors, examples per second, seconds,"
                    + " learning rate and momentum, and which start of the job trained it. Kept in the database with"
                    + " the job, whatever distill-progress still holds; an epoch trained again after a restart"
                    + " replaces its entry. A job that trains nothing itself (a transfer set, an ensemble of"
                    + " members, an ensemble's combination) has none: its children do.")
    @APIResponse(responseCode = "200", description = "The epochs, first to last")
    public List<JobEpoch> epochs(@Parameter(description = "The job id") @PathParam("id") String id) {
        return jobs.epochs(id);
    }

    @POST
    @Path("/{id}/cancel")
    @Operation(operationId = "cancelJob", summary = "Cancel a queued or running job",
            description = "A queued job is cancelled at once; a running one stops at its next batch, on"
                    + " whichever replica runs it, and so do its child jobs. A finished job is left as it is.")
    @APIResponse(responseCode = "200", description = "The job, as it is after the request")
    public V cancel(@Parameter(description = "The job id") @PathParam("id") String id) {
        return view(jobs.cancel(id));
    }

    /** 202 Accepted with {@code job} and its public {@code Location}. */
    protected Response accepted(Job job) {
        return status(Response.accepted(view(job)), job);
    }

    /** {@code response} with the public {@code Location} of {@code job}. */
    protected Response status(Response.ResponseBuilder response, Job job) {
        return response.location(locations.of(root + "/" + job.id())).build();
    }
}
