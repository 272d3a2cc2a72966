package io.distill.teacher.rest;

import io.distill.contract.requests.InputForm;
import io.distill.contract.requests.InputLayout;
import io.distill.contract.requests.ModelOutputs;
import io.distill.contract.requests.TeacherImport;
import io.distill.core.artifact.ModelMetadata;
import io.distill.server.openapi.ProblemResponses;
import io.distill.server.rest.QueryParams;
import io.distill.teacher.jobs.TeacherImports;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.Arrays;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * Teachers trained elsewhere, imported as ONNX: {@code POST /teachers/imports} from a file in the bucket,
 * {@code POST /teachers/imports/upload} from the request's body. Either answers the model's metadata, at
 * {@code /models/{id}}, once it is scored, stored and announced.
 */
@Path("/teachers/imports")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "teachers")
public class TeacherImportResource {

    private final TeacherImports imports;

    public TeacherImportResource(TeacherImports imports) {
        this.imports = imports;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(operationId = "importTeacher", summary = "Import an ONNX classifier from the bucket as a teacher",
            description = "The file is read from uploads/<source>, checked against the data set (one float input"
                    + " that the layout fits, one output per class), scored on the set's test and validation splits,"
                    + " stored and announced on teacher-models as format onnx. The same file imported the same way"
                    + " again answers 200 with the first import.")
    @APIResponse(responseCode = "201", description = "Imported; Location is the model's URL",
            content = @Content(schema = @Schema(implementation = ModelMetadata.class)))
    @APIResponse(responseCode = "200", description = "Imported before, the same file the same way",
            content = @Content(schema = @Schema(implementation = ModelMetadata.class)))
    @APIResponse(responseCode = "422", ref = ProblemResponses.OVER_LIMIT)
    public Response importFromBucket(@Valid @NotNull TeacherImport body) throws Exception {
        return answer(imports.fromBucket(body));
    }

    @POST
    @Path("/upload")
    @Consumes(MediaType.APPLICATION_OCTET_STREAM)
    @Operation(operationId = "uploadTeacher", summary = "Import an uploaded ONNX classifier as a teacher",
            description = "The body is the ONNX file, at most the service's request size limit (64 MiB by default);"
                    + " larger models go through the bucket and POST /teachers/imports.")
    @APIResponse(responseCode = "201", description = "Imported; Location is the model's URL",
            content = @Content(schema = @Schema(implementation = ModelMetadata.class)))
    @APIResponse(responseCode = "200", description = "Imported before, the same file the same way",
            content = @Content(schema = @Schema(implementation = ModelMetadata.class)))
    public Response upload(
            @Parameter(description = "The registered data set, by id or name, that the model classifies")
            @QueryParam("dataset") @NotBlank String dataset,
            @Parameter(description = "nchw (the default), nhwc or flat", schema = @Schema(enumeration = {"nchw",
                    "nhwc", "flat"})) @QueryParam("layout") String layout,
            @Parameter(description = "What each value is divided by first: 255 for pixels in [0, 1]; 1 (the default)"
                    + " for raw values") @QueryParam("divisor") Double divisor,
            @Parameter(description = "Per-channel means subtracted next, comma-separated") @QueryParam("mean")
            String mean,
            @Parameter(description = "Per-channel deviations divided by last, comma-separated") @QueryParam("std")
            String std,
            @Parameter(description = "logits (the default), probabilities or log-probabilities",
                    schema = @Schema(enumeration = {"logits", "probabilities", "log-probabilities"}))
            @QueryParam("outputs") String outputs,
            @NotNull java.nio.file.Path body) throws Exception {
        InputForm input = new InputForm(QueryParams.parse("layout", layout, InputLayout::fromString), divisor,
                QueryParams.parse("mean", mean, TeacherImportResource::numbers),
                QueryParams.parse("std", std, TeacherImportResource::numbers),
                QueryParams.parse("outputs", outputs, ModelOutputs::fromString));
        return answer(imports.fromFile(body, new TeacherImport("upload", dataset, input)));
    }

    private static List<Double> numbers(String commaSeparated) {
        try {
            return Arrays.stream(commaSeparated.split(",")).map(String::trim).map(Double::valueOf).toList();
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("is " + commaSeparated + ", expected numbers separated by commas");
        }
    }

    private static Response answer(TeacherImports.Imported imported) {
        ModelMetadata metadata = imported.metadata();
        return (imported.created() ? Response.created(URI.create("/models/" + metadata.modelId())) : Response.ok())
                .entity(metadata).build();
    }
}
