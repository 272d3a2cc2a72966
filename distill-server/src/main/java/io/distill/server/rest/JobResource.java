package io.distill.server.rest;

import io.distill.contract.jobs.Job;
import io.distill.contract.jobs.JobEpoch;
import io.distill.server.jobs.JobControl;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Response;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

/**
 * The shape every job resource shares: list the jobs, show one, cancel one. Each service's resource
 * adds its typed {@code POST}, which answers with {@link #accepted}: 202, the job, and a
 * {@code Location} built from {@code DISTILL_PUBLIC_URL}.
 *
 * @param <V> what a job looks like to clients: the {@link Job}, or a view that adds to it
 */
public abstract class JobResource<V> {

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
            description = "Every job of this service, whichever replica runs or ran it.")
    @APIResponse(responseCode = "200", description = "The jobs, oldest first")
    public List<V> list() {
        return jobs.list().stream().map(this::view).toList();
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
