package io.distill.specialist.rest;

import io.distill.contract.jobs.Job;
import io.distill.contract.jobs.JobState;
import io.distill.contract.requests.EnsembleRequest;
import io.distill.contract.requests.Submitted;
import io.distill.server.datasets.DataSets;
import io.distill.server.openapi.ProblemResponses;
import io.distill.server.problems.ConflictException;
import io.distill.server.rest.JobResource;
import io.distill.server.rest.Locations;
import io.distill.specialist.config.SpecialistDefaults;
import io.distill.specialist.jobs.EnsembleInference;
import io.distill.specialist.jobs.EnsembleJobs;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.groups.ConvertGroup;
import jakarta.validation.groups.Default;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Generalist-plus-specialists jobs: {@code POST /ensembles} builds one from a generalist and its transfer set. */
@Path("/ensembles")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "ensembles")
public class EnsembleResource extends JobResource<Job> {

    private final EnsembleJobs jobs;
    private final EnsembleInference inference;
    private final SpecialistDefaults defaults;

    public EnsembleResource(EnsembleJobs jobs, EnsembleInference inference, SpecialistDefaults defaults,
            Locations locations) {
        super(jobs, locations, "/ensembles");
        this.jobs = jobs;
        this.inference = inference;
        this.defaults = defaults;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(operationId = "createEnsemble", summary = "Queue an ensemble of a generalist and its specialists",
            description = "Subsets by K-means on the covariance of the generalist's predictions; specialists with"
                    + " a dustbin class, trained from the generalist; KL combination at inference.")
    @APIResponse(responseCode = "202", description = "Queued; Location is the job's URL",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = Job.class)))
    @APIResponse(responseCode = "404", ref = ProblemResponses.NOT_FOUND)
    @APIResponse(responseCode = "422", ref = ProblemResponses.OVER_LIMIT)
    public Response create(@Valid @ConvertGroup(from = Default.class, to = Submitted.class) @NotNull
            EnsembleRequest body) {
        return accepted(jobs.create(SpecialistDefaults.complete(body, defaults)));
    }

    @POST
    @Path("/{id}/predict")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(operationId = "predict", summary = "Classify examples with a finished ensemble",
            description = "Returns, for each example of the ensemble's data set, the combined distribution, the generalist's, and the active"
                    + " specialists. 409 unless the ensemble has SUCCEEDED.")
    @APIResponse(responseCode = "200", description = "One prediction per example, in order",
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = Predictions.class)))
    @APIResponse(responseCode = "409", ref = ProblemResponses.CONFLICT)
    public Predictions predict(@Parameter(description = "The ensemble job id") @PathParam("id") String id,
            @Valid @NotNull PredictRequest body) throws Exception {
        Job job = jobs.get(id);
        if (job.state() != JobState.SUCCEEDED) {
            throw new ConflictException("id", "ensemble " + id + " is " + job.state() + "; only a SUCCEEDED one predicts");
        }
        DataSets.Resolved dataset = inference.dataset(id);
        return new Predictions(inference.predict(id, body.exampleSet(dataset, inference.featureScaling(dataset))));
    }

    /** The answer of {@code predict}: one prediction per example, in order. */
    public record Predictions(List<Prediction> predictions) {}

    @Override
    protected Job view(Job job) {
        return job;
    }
}
