package io.distill.server.problems;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;
import jakarta.inject.Singleton;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.Map;

/**
 * Writes a {@link Problem} as {@code application/problem+json}, as a JAX-RS response or straight
 * onto a Vert.x one. The JSON is written here rather than by a message body writer, so that a
 * problem goes out in the same shape whatever the request's {@code Accept} said (a 406 included).
 */
@Singleton
public class ProblemWriter {

    private final ObjectMapper mapper;

    public ProblemWriter(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    public Response response(Problem problem) {
        return response(problem, null);
    }

    /** The problem as a response that keeps {@code headers} (405's {@code Allow}, say) but its body's own. */
    public Response response(Problem problem, MultivaluedMap<String, Object> headers) {
        Response.ResponseBuilder response = Response.status(problem.status());
        if (headers != null) {
            for (Map.Entry<String, List<Object>> header : headers.entrySet()) {
                if (!isAboutTheBody(header.getKey())) {
                    header.getValue().forEach(value -> response.header(header.getKey(), value));
                }
            }
        }
        return response.type(Problem.MEDIA_TYPE).entity(json(problem)).build();
    }

    /** Ends a Vert.x response with the problem, for errors answered before JAX-RS sees the request. */
    public void write(HttpServerResponse response, Problem problem) {
        response.setStatusCode(problem.status())
                .putHeader(HttpHeaders.CONTENT_TYPE, Problem.MEDIA_TYPE)
                .end(json(problem));
    }

    public String json(Problem problem) {
        try {
            return mapper.writeValueAsString(problem);
        } catch (JsonProcessingException e) {
            // A record of strings and numbers always serializes; this is only the compiler's due.
            throw new IllegalStateException("A problem could not be written as JSON: " + problem, e);
        }
    }

    private static boolean isAboutTheBody(String header) {
        return header.equalsIgnoreCase("Content-Type") || header.equalsIgnoreCase("Content-Length")
                || header.equalsIgnoreCase("Content-Encoding");
    }
}
