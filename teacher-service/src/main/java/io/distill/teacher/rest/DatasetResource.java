package io.distill.teacher.rest;

import io.distill.contract.datasets.DatasetFormat;
import io.distill.contract.datasets.DatasetManifest;
import io.distill.contract.datasets.DatasetRegistration;
import io.distill.contract.datasets.DatasetScaling;
import io.distill.server.datasets.DatasetRegistrar;
import io.distill.server.datasets.DatasetRegistry;
import io.distill.server.datasets.DatasetSources;
import io.distill.server.objects.ObjectStore;
import io.distill.server.openapi.ProblemResponses;
import io.distill.server.problems.UnknownIdException;
import io.distill.server.rest.QueryParams;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.logging.Logger;

/**
 * Registered data sets: {@code POST /datasets} registers files from the bucket, {@code POST /datasets/upload}
 * one uploaded file; {@code GET} lists and shows them and serves their arrays to the other services.
 */
@Path("/datasets")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "datasets")
public class DatasetResource {

    private static final Logger LOG = Logger.getLogger(DatasetResource.class);

    private final DatasetSources sources;
    private final DatasetRegistry registry;
    private final ObjectStore store;

    public DatasetResource(DatasetSources sources, DatasetRegistry registry, ObjectStore store) {
        this.sources = sources;
        this.registry = registry;
        this.store = store.prompt();
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(operationId = "registerDataset", summary = "Register a data set from files in the bucket",
            description = "The files are read from uploads/<source.key> in the object store's bucket, checked"
                    + " and stored as the set's arrays; its manifest is announced on the datasets topic."
                    + " Registering the same files the same way again answers 200 with the first registration.")
    @APIResponse(responseCode = "201", description = "Registered; Location is the set's URL",
            content = @Content(schema = @Schema(implementation = DatasetManifest.class)))
    @APIResponse(responseCode = "200", description = "Registered before, the same files the same way",
            content = @Content(schema = @Schema(implementation = DatasetManifest.class)))
    @APIResponse(responseCode = "422", ref = ProblemResponses.OVER_LIMIT)
    public Response register(@Valid @NotNull DatasetRegistration body) throws IOException {
        return answer(sources.fromBucket(body));
    }

    @POST
    @Path("/upload")
    @Consumes(MediaType.APPLICATION_OCTET_STREAM)
    @Operation(operationId = "uploadDataset", summary = "Register a data set from one uploaded file",
            description = "The body is the file (npz, csv or an image-folder .zip/.tar), at most the service's"
                    + " request size limit (64 MiB by default); larger sets go through the bucket and POST /datasets.")
    @APIResponse(responseCode = "201", description = "Registered; Location is the set's URL",
            content = @Content(schema = @Schema(implementation = DatasetManifest.class)))
    @APIResponse(responseCode = "200", description = "Registered before, the same file the same way",
            content = @Content(schema = @Schema(implementation = DatasetManifest.class)))
    @APIResponse(responseCode = "422", ref = ProblemResponses.OVER_LIMIT)
    public Response upload(
            @Parameter(description = "The set's name") @QueryParam("name") @NotNull
            @Pattern(regexp = DatasetRegistration.NAME) String name,
            @Parameter(description = "npz, csv or image-folder",
                    schema = @Schema(enumeration = {"npz", "csv", "image-folder"}))
            @QueryParam("format") @NotNull String format,
            @Parameter(description = "The file's name, whose extension tells .gz, .zip and .tar apart")
            @QueryParam("file") @NotNull @Pattern(regexp = "[A-Za-z0-9._-]{1,128}") String file,
            @Parameter(description = "CSV: the label column's name or 0-based position") @QueryParam("labelColumn")
            String labelColumn,
            @Parameter(description = "CSV: whether row 1 names the columns (default true)") @QueryParam("header")
            Boolean header,
            @Parameter(description = "float32 sets: minmax (the default: each feature's training range to [0, 1])"
                    + " or standard (each feature's training mean and deviation to 0 and 1); uint8 sets: unit",
                    schema = @Schema(enumeration = {"minmax", "standard", "unit"}))
            @QueryParam("scaling") String scaling,
            @NotNull java.nio.file.Path body) throws IOException {
        DatasetRegistration request = new DatasetRegistration(name,
                QueryParams.parse("format", format, DatasetFormat::fromString),
                new DatasetRegistration.Source(file, null), labelColumn, header, null,
                QueryParams.parse("scaling", scaling, DatasetScaling::fromString));
        return answer(sources.fromUpload(request, file, body));
    }

    @GET
    @Operation(operationId = "listDatasets", summary = "Every registered data set, the latest first",
            description = "The manifests this service has read from the datasets topic: the built-in sets and"
                    + " every set registered since, each with its id, shape, classes, splits and files.")
    public List<DatasetManifest> list() {
        return registry.all();
    }

    @GET
    @Path("/{dataset}")
    @Operation(operationId = "getDataset", summary = "A registered data set's manifest, by id or name",
            description = "By id, the set itself; by name, the latest set registered with that name.")
    public DatasetManifest get(@Parameter(description = "The set's id or name") @PathParam("dataset") String dataset) {
        return registry.find(dataset).orElseThrow(() -> new UnknownIdException("data set", dataset));
    }

    @GET
    @Path("/{datasetId}/arrays")
    @Produces(MediaType.APPLICATION_OCTET_STREAM)
    @Operation(operationId = "getDatasetArrays", summary = "Download a registered set's arrays (.npz)",
            description = "x_train, y_train, x_validation, y_validation, x_test, y_test and, for float sets, each"
                    + " feature's offset and scale. The services download them from here.")
    @APIResponse(responseCode = "200", description = "The arrays", content = @Content(
            mediaType = MediaType.APPLICATION_OCTET_STREAM, schema = @Schema(type = org.eclipse.microprofile
                    .openapi.annotations.enums.SchemaType.STRING, format = "binary")))
    public Response arrays(@Parameter(description = "The set's id") @PathParam("datasetId") String datasetId) {
        DatasetManifest manifest = registry.find(datasetId).filter(m -> m.datasetId().equals(datasetId))
                .orElseThrow(() -> new UnknownIdException("data set", datasetId));
        StreamingOutput body = out -> {
            try (InputStream in = store.open(DatasetRegistrar.arraysKey(datasetId), null, null)) {
                in.transferTo(out);
            } catch (IOException | RuntimeException e) {
                // The status is sent: the client sees a short body, which its SHA-256 check refuses.
                LOG.errorf(e, "The arrays of data set %s broke off while being sent", datasetId);
                throw e;
            }
        };
        return Response.ok(body).header("X-Checksum-Sha256", manifest.arraysSha256())
                .header("Content-Disposition", "attachment; filename=\"" + datasetId + ".npz\"").build();
    }

    private static Response answer(DatasetRegistrar.Registered registered) {
        DatasetManifest manifest = registered.manifest();
        return registered.created()
                ? Response.created(URI.create("/datasets/" + manifest.datasetId())).entity(manifest).build()
                : Response.ok(manifest).build();
    }
}
