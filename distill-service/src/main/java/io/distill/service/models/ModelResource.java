package io.distill.service.models;

import io.distill.core.artifact.ModelMetadata;
import io.distill.service.rest.UnknownIdException;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HEAD;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.EntityTag;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Request;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import java.io.IOException;
import java.io.InputStream;

/**
 * {@code GET /models/{id}} (the metadata) and {@code GET /models/{id}/artifact} (the parameter
 * bytes, with their SHA-256 in {@code X-Checksum-Sha256} and as the {@code ETag}), both from the
 * object store, so any replica serves any model. {@code If-None-Match} with the SHA-256 gets 304;
 * {@code HEAD} gets the headers and the length; a {@code Range} is ignored (the whole artifact, 200,
 * no {@code Content-Range}). A service that serves models extends it with {@code @Path("/models")}.
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
    public Response artifact(@PathParam("modelId") String modelId, @Context Request request) throws IOException {
        ModelMetadata metadata = find(modelId);
        EntityTag tag = new EntityTag(metadata.sha256());
        Response.ResponseBuilder notModified = request.evaluatePreconditions(tag);
        if (notModified != null) {
            return notModified.header(CHECKSUM_HEADER, metadata.sha256()).build();
        }
        StreamingOutput body = out -> {
            try (InputStream in = store.openArtifact(modelId)) {
                in.transferTo(out);
            }
        };
        return headers(Response.ok(body), modelId, metadata, tag).build();
    }

    @HEAD
    @Path("/{modelId}/artifact")
    @Produces(MediaType.APPLICATION_OCTET_STREAM)
    public Response artifactHeaders(@PathParam("modelId") String modelId) throws IOException {
        ModelMetadata metadata = find(modelId);
        return headers(Response.ok(), modelId, metadata, new EntityTag(metadata.sha256())).build();
    }

    private Response.ResponseBuilder headers(Response.ResponseBuilder response, String modelId,
            ModelMetadata metadata, EntityTag tag) throws IOException {
        return response.tag(tag)
                .header(CHECKSUM_HEADER, metadata.sha256())
                .header("Content-Length", store.artifactSize(modelId))
                .header("Content-Disposition", "attachment; filename=\"" + modelId + ".params\"");
    }

    private ModelMetadata find(String modelId) throws IOException {
        return store.metadata(modelId).orElseThrow(() -> new UnknownIdException("model", modelId));
    }
}
