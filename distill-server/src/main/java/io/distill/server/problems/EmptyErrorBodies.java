package io.distill.server.problems;

import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.core.MediaType;
import java.lang.annotation.Annotation;
import java.util.Set;
import org.jboss.resteasy.reactive.server.ServerResponseFilter;

/**
 * Gives a problem body to a JAX-RS error answer that has none: a resource's bare
 * {@code Response.status(503).build()}, or a built-in mapper's empty 401 or 403. The answers
 * {@link ErrorMappers} write have their body already and pass untouched.
 */
public class EmptyErrorBodies {

    private static final MediaType PROBLEM = MediaType.valueOf(Problem.MEDIA_TYPE);

    private final ProblemWriter writer;

    public EmptyErrorBodies(ProblemWriter writer) {
        this.writer = writer;
    }

    @ServerResponseFilter
    public void fill(ContainerResponseContext response, HttpServerRequest request) {
        int status = response.getStatus();
        if (status < 400 || response.hasEntity() || "HEAD".equals(request.method().name())) {
            return;
        }
        String detail = status >= 500 ? ProblemType.reasonPhrase(status) + "."
                : StatusDetails.of(status, request, Set.of(), null);
        response.setEntity(writer.json(Problem.ofStatus(status, detail, request.path())), new Annotation[0], PROBLEM);
    }
}
