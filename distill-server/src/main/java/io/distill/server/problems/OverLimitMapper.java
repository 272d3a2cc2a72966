package io.distill.server.problems;

import io.distill.server.limits.OverLimitException;
import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * Answers a job that this replica cannot hold with 422 ({@code urn:distill:problem:over-limit}),
 * naming the fields that cost most and the limit: the request is valid, a smaller one or a larger
 * replica would take it.
 */
public class OverLimitMapper {

    private final ProblemWriter writer;

    public OverLimitMapper(ProblemWriter writer) {
        this.writer = writer;
    }

    @ServerExceptionMapper
    public Response overLimit(OverLimitException e, HttpServerRequest request) {
        return writer.response(Problem.invalid(ProblemType.OVER_LIMIT, e.refusals().stream()
                .map(r -> new Problem.FieldError(r.field(), r.error())).toList(), request.path()));
    }
}
