package io.distill.service.models;

import io.distill.core.artifact.ModelMetadata;
import io.distill.service.rest.UnknownIdException;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import java.io.IOException;
import java.io.InputStream;

/**
 * {@code GET /models/{id}} (the metadata) and {@code GET /models/{id}/artifact} (the parameter
 * bytes, with their SHA-256 in {@code X-Checksum-Sha256}), both from the object store, so any
 * replica serves any model. A service that serves models extends it with {@code @Path("/models")}.
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
        long size = store.artifactSize(modelId);
        StreamingOutput body = out -> {
            try (InputStream in = store.openArtifact(modelId)) {
                in.transferTo(out);
            }
        };
        return Response.ok(body)
                .header(CHECKSUM_HEADER, metadata.sha256())
                .header("Content-Length", size)
                .header("Content-Disposition", "attachment; filename=\"" + modelId + ".params\"")
                .build();
    }

    private ModelMetadata find(String modelId) throws IOException {
        return store.metadata(modelId).orElseThrow(() -> new UnknownIdException("model", modelId));
    }
}
