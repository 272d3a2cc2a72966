package io.distill.server.models;

import jakarta.ws.rs.core.EntityTag;
import jakarta.ws.rs.core.Request;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * What an artifact download sends: the bytes, their SHA-256 (in {@value #CHECKSUM_HEADER} and as the
 * {@code ETag}) and size, and the file name it suggests. {@code If-None-Match} with the SHA-256 gets 304.
 */
public record ArtifactDownload(String sha256, long size, String fileName, StreamingOutput body) {

    public static final String CHECKSUM_HEADER = "X-Checksum-Sha256";

    /** An exported file, sent as {@code fileName}. */
    public static ArtifactDownload of(OnnxExports.Exported exported, String fileName) throws IOException {
        Path file = exported.file();
        return new ArtifactDownload(exported.sha256(), Files.size(file), fileName, out -> Files.copy(file, out));
    }

    /** The answer to a GET: the bytes with their headers, or 304 when the client has them. */
    public Response get(Request request) {
        EntityTag tag = new EntityTag(sha256);
        Response.ResponseBuilder notModified = request.evaluatePreconditions(tag);
        if (notModified != null) {
            return notModified.header(CHECKSUM_HEADER, sha256).build();
        }
        return headers(Response.ok(body)).build();
    }

    /** The answer to a HEAD: the headers alone. */
    public Response head() {
        return headers(Response.ok()).build();
    }

    private Response.ResponseBuilder headers(Response.ResponseBuilder response) {
        return response.tag(new EntityTag(sha256))
                .header(CHECKSUM_HEADER, sha256)
                .header("Content-Length", size)
                .header("Content-Disposition", "attachment; filename=\"" + fileName + "\"");
    }
}
