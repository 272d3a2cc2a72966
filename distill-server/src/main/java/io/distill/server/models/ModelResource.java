package io.distill.server.models;

import io.distill.contract.events.ModelFormat;
import io.distill.contract.jobs.FieldException;
import io.distill.contract.models.ModelSummary;
import io.distill.core.artifact.ModelMetadata;
import io.distill.server.problems.UnknownIdException;
import io.distill.server.rest.JobResource;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HEAD;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Request;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.jboss.resteasy.reactive.RestResponse;

/**
 * {@code GET /models/{id}} (the metadata) and {@code GET /models/{id}/artifact} (the parameter
 * bytes, with their SHA-256 in {@code X-Checksum-Sha256} and as the {@code ETag}), both from the
 * object store, so any replica serves any model. {@code ?format=onnx} gets the model as ONNX instead
 * ({@link OnnxExports}), with that file's SHA-256. {@code If-None-Match} with the SHA-256 gets 304;
 * {@code HEAD} gets the headers and the length; a {@code Range} is ignored (the whole artifact, 200,
 * no {@code Content-Range}). A service that serves models extends it with {@code @Path("/models")}.
 */
public abstract class ModelResource {

    private static final String DJL = "djl";
    private static final String ONNX = "onnx";

    private final ModelStore store;
    private final OnnxExports onnx;

    protected ModelResource(ModelStore store, OnnxExports onnx) {
        this.store = store.prompt();
        this.onnx = onnx;
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(operationId = "listModels", summary = "List the models, oldest first",
            description = "The models this service published, whichever replica trained them, oldest first: all of"
                    + " them, or those of one run, job, kind or data set, a page at a time. Each names the job that"
                    + " trained it, and through its record its transfer set and teacher. X-Total-Count says how"
                    + " many the filter selects.")
    @APIResponse(responseCode = "200", description = "The models, oldest first", headers = @Header(
            name = JobResource.TOTAL_COUNT, description = "How many models the filter selects, all pages together",
            schema = @Schema(type = SchemaType.INTEGER)))
    public RestResponse<List<ModelSummary>> list(
            @Parameter(description = "A run's teacher job id: the models of its jobs") @QueryParam("run") String run,
            @Parameter(description = "The job that trained them") @QueryParam("job") String job,
            @Parameter(description = "teacher, student or specialist-ensemble") @QueryParam("kind") String kind,
            @Parameter(description = "The data set they were trained on") @QueryParam("dataset") String dataset,
            @Parameter(description = "At most this many, 1 to 1000 (default: all)") @QueryParam("limit") String limit,
            @Parameter(description = "After skipping this many (default 0)") @QueryParam("offset") String offset) {
        ModelIndex.Page page = store.list(ModelFilter.parse(run, job, kind, dataset, limit, offset));
        return RestResponse.ResponseBuilder.ok(page.models()).header(JobResource.TOTAL_COUNT, page.total()).build();
    }

    @GET
    @Path("/{modelId}")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(operationId = "getModel", summary = "Show a model's metadata",
            description = "Architecture, typed hyperparameters, data set and filters, metrics, seed, engine and"
                    + " the artifact's sha256: enough to rebuild and trust the model.")
    public ModelMetadata metadata(@Parameter(description = "The model id") @PathParam("modelId") String modelId)
            throws IOException {
        return find(modelId);
    }

    @GET
    @Path("/{modelId}/artifact")
    @Produces(MediaType.APPLICATION_OCTET_STREAM)
    @Operation(operationId = "getArtifact", summary = "Download a model's parameters, or the model as ONNX",
            description = "The artifact bytes, from the object store through any replica: DJL's parameter file, or"
                    + " with format=onnx the whole model as ONNX (a teacher or a student; a specialist ensemble is a"
                    + " 400 naming format). ETag is the SHA-256 of what comes back (also in X-Checksum-Sha256);"
                    + " If-None-Match with it answers 304. Range is ignored: the whole artifact comes back with 200.")
    @APIResponse(responseCode = "200", description = "The artifact", headers = {
        @Header(name = ArtifactDownload.CHECKSUM_HEADER, description = "SHA-256 of the bytes, lower-case hex",
                schema = @Schema(type = SchemaType.STRING)),
        @Header(name = "ETag", description = "The SHA-256, quoted", schema = @Schema(type = SchemaType.STRING)),
        @Header(name = "Content-Length", description = "The artifact's size in bytes",
                schema = @Schema(type = SchemaType.INTEGER))},
            content = @Content(mediaType = MediaType.APPLICATION_OCTET_STREAM,
                    schema = @Schema(type = SchemaType.STRING, format = "binary")))
    @APIResponse(responseCode = "304", description = "If-None-Match named this artifact's ETag")
    public Response artifact(@Parameter(description = "The model id") @PathParam("modelId") String modelId,
            @Parameter(description = "djl (the default): DJL's parameter file, which needs the metadata's"
                    + " architecture to load; onnx: the whole model as ONNX")
            @QueryParam("format") @DefaultValue(DJL) String format,
            @Context Request request) throws IOException {
        return artifact(find(modelId), format).get(request);
    }

    @HEAD
    @Path("/{modelId}/artifact")
    @Produces(MediaType.APPLICATION_OCTET_STREAM)
    @Operation(operationId = "headArtifact", summary = "A model artifact's headers, without the bytes",
            description = "The same headers as the download: Content-Length, ETag and X-Checksum-Sha256.")
    public Response artifactHeaders(@Parameter(description = "The model id") @PathParam("modelId") String modelId,
            @Parameter(description = "djl (the default) or onnx, as for the download")
            @QueryParam("format") @DefaultValue(DJL) String format) throws IOException {
        return artifact(find(modelId), format).head();
    }

    private ArtifactDownload artifact(ModelMetadata metadata, String format) throws IOException {
        String id = metadata.modelId();
        boolean imported = metadata.format() == ModelFormat.ONNX;
        return switch (format) {
            case DJL -> {
                if (imported) {
                    throw new FieldException("format", "is djl, but model " + id + " was imported as ONNX and has"
                            + " no DJL parameters; ask for format=onnx");
                }
                yield stored(metadata, id + ".params");
            }
            case ONNX -> {
                if (imported) {
                    yield stored(metadata, id + ".onnx");
                }
                yield ArtifactDownload.of(onnx.export(metadata), id + ".onnx");
            }
            default -> throw new FieldException("format", "is \"" + format + "\", expected djl or onnx");
        };
    }

    /** The artifact file as stored: a trained model's DJL parameters, or an imported model's ONNX file. */
    private ArtifactDownload stored(ModelMetadata metadata, String fileName) throws IOException {
        return new ArtifactDownload(metadata.sha256(), store.artifactSize(metadata), fileName, out -> {
            try (InputStream in = store.openArtifact(metadata)) {
                in.transferTo(out);
            }
        });
    }

    private ModelMetadata find(String modelId) throws IOException {
        return store.metadata(modelId).orElseThrow(() -> new UnknownIdException("model", modelId));
    }
}
