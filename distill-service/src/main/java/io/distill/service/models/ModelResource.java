package io.distill.service.models;

import io.distill.core.artifact.ModelArtifact;
import io.distill.core.artifact.ModelMetadata;
import io.distill.service.rest.UnknownIdException;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.IOException;

/**
 * {@code GET /models/{id}} (the metadata) and {@code GET /models/{id}/artifact} (the parameter
 * bytes, with their SHA-256 in {@code X-Checksum-Sha256}). A service that serves models extends
 * it with {@code @Path("/models")}.
 */
public abstract class ModelResource {

    public static final String CHECKSUM_HEADER = "X-Checksum-Sha256";

    private final ModelStore store;

    protected ModelResource(ModelStore store) {
        this.store = store;
    }

    @GET
    @Path("/{modelId}")
    @Produces(MediaType.APPLICATION_JSON)
    public ModelMetadata metadata(@PathParam("modelId") String modelId) throws IOException {
        return find(modelId);
    }

    @GET
    @Path("/{modelId}/artifact")
    @Produces(MediaType.APPLICATION_OCTET_STREAM)
    public Response artifact(@PathParam("modelId") String modelId) throws IOException {
        ModelMetadata metadata = find(modelId);
        java.nio.file.Path file = store.dir(modelId).resolve(ModelArtifact.PARAMETERS);
        return Response.ok(file.toFile())
                .header(CHECKSUM_HEADER, metadata.sha256())
                .header("Content-Disposition", "attachment; filename=\"" + modelId + ".params\"")
                .build();
    }

    private ModelMetadata find(String modelId) throws IOException {
        try {
            return store.metadata(modelId).orElseThrow(() -> new UnknownIdException("model", modelId));
        } catch (IllegalArgumentException e) {
            throw new UnknownIdException("model", modelId);
        }
    }
}
