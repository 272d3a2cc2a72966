package io.distill.teacher.rest;

import io.distill.contract.jobs.FieldException;
import io.distill.contract.jobs.Job;
import io.distill.contract.jobs.JobState;
import io.distill.contract.requests.Combine;
import io.distill.contract.requests.TeacherRequest;
import io.distill.core.artifact.ModelMetadata;
import io.distill.server.models.ArtifactDownload;
import io.distill.server.models.ModelStore;
import io.distill.server.models.OnnxExports;
import io.distill.server.openapi.ProblemResponses;
import io.distill.server.problems.ConflictException;
import io.distill.server.problems.UnknownIdException;
import io.distill.server.rest.QueryParams;
import io.distill.server.rest.JobResource;
import io.distill.server.rest.Locations;
import io.distill.teacher.config.TeacherDefaults;
import io.distill.teacher.jobs.TeacherJobs;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Request;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Teacher training jobs: {@code POST /teachers} queues one; the rest show and cancel them. */
@Path("/teachers")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "teachers")
public class TeacherResource extends JobResource<Job> {

    private final TeacherJobs jobs;
    private final TeacherDefaults defaults;
    private final ModelStore models;
    private final OnnxExports onnx;

    public TeacherResource(TeacherJobs jobs, TeacherDefaults defaults, Locations locations, ModelStore models,
            OnnxExports onnx) {
        super(jobs, locations, "/teachers");
        this.jobs = jobs;
        this.defaults = defaults;
        this.models = models.prompt();
        this.onnx = onnx;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(operationId = "createTeacher", summary = "Queue a teacher (or teacher ensemble) training job",
            description = "Every field is optional; the defaults are the paper's 784-1200-1200-10 dropout teacher."
                    + " A plan is validated whole, down to each student and ensemble it carries. With reuse, the job"
                    + " trains nothing: it announces a succeeded teacher job's models again with the plan.")
    @APIResponse(responseCode = "202", description = "Queued; Location is the job's URL",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = Job.class)))
    @APIResponse(responseCode = "409", ref = ProblemResponses.CONFLICT)
    @APIResponse(responseCode = "422", ref = ProblemResponses.OVER_LIMIT)
    public Response create(@Valid @NotNull TeacherRequest body) {
        return accepted(body.reuse() != null ? jobs.reuse(body) : jobs.create(TeacherDefaults.complete(body, defaults)));
    }

    @GET
    @Path("/{id}/artifact")
    @Produces(MediaType.APPLICATION_OCTET_STREAM)
    @Operation(operationId = "getTeacherArtifact", summary = "Download a teacher, or a teacher ensemble, as ONNX",
            description = "A succeeded teacher job's model as one ONNX graph: its one model as GET"
                    + " /models/{modelId}/artifact?format=onnx sends it, or an ensemble's members side by side with"
                    + " their distributions combined (combine: arithmetic, the default, or geometric, as a transfer"
                    + " set combines them); logits are the log of the combined distribution. ETag and"
                    + " X-Checksum-Sha256 are the file's SHA-256; If-None-Match with it answers 304.")
    @APIResponse(responseCode = "200", description = "The ONNX file", headers = {
        @Header(name = ArtifactDownload.CHECKSUM_HEADER, description = "SHA-256 of the bytes, lower-case hex",
                schema = @Schema(type = SchemaType.STRING)),
        @Header(name = "ETag", description = "The SHA-256, quoted", schema = @Schema(type = SchemaType.STRING))},
            content = @Content(mediaType = MediaType.APPLICATION_OCTET_STREAM,
                    schema = @Schema(type = SchemaType.STRING, format = "binary")))
    @APIResponse(responseCode = "304", description = "If-None-Match named this file's ETag")
    @APIResponse(responseCode = "409", ref = ProblemResponses.CONFLICT)
    public Response artifact(@Parameter(description = "The teacher job's id") @PathParam("id") String id,
            @Parameter(description = "onnx, the only format a teacher job exports as one file (a member's DJL"
                    + " parameters are at /models/{modelId}/artifact)") @QueryParam("format") @DefaultValue("onnx")
            String format,
            @Parameter(description = "How an ensemble's members are combined: arithmetic (the default) or geometric")
            @QueryParam("combine") @DefaultValue("arithmetic") String combine,
            @Context Request request) throws IOException {
        if (!"onnx".equals(format)) {
            throw new FieldException("format", "is \"" + format + "\", but a teacher job exports only as onnx; each"
                    + " member's DJL parameters are at /models/{modelId}/artifact");
        }
        Job job = jobs.get(id);
        if (job.state() != JobState.SUCCEEDED || job.modelIds() == null || job.modelIds().isEmpty()) {
            throw new ConflictException("id", "Teacher job " + id + " is " + job.state()
                    + ": it exports once it has succeeded");
        }
        List<ModelMetadata> members = new ArrayList<>();
        for (String modelId : job.modelIds()) {
            members.add(models.metadata(modelId).orElseThrow(() -> new UnknownIdException("model", modelId)));
        }
        OnnxExports.Exported exported = members.size() == 1 ? onnx.export(members.get(0))
                : onnx.exportEnsemble(id, members, QueryParams.parse("combine", combine, Combine::fromString));
        return ArtifactDownload.of(exported, id + ".onnx").get(request);
    }

    @Override
    protected Job view(Job job) {
        return job;
    }
}
