package io.distill.server.problems;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.InvalidDefinitionException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import io.distill.contract.jobs.FieldException;
import io.distill.core.data.formats.DatasetFileException;
import io.distill.server.outages.Outage;
import io.vertx.core.http.HttpServerRequest;
import jakarta.validation.ConstraintViolationException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MultivaluedHashMap;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * Answers every exception that reaches JAX-RS with a {@link Problem}: the application's own
 * (a bad field, an unknown id, a conflict), Jackson's binding errors, Bean Validation's violations,
 * the framework's {@link WebApplicationException}s (404, 405, 406, 415, ...) and, hiding what went
 * wrong inside, anything else as 500. Errors that Vert.x answers before JAX-RS are {@link ProblemRoutes}'.
 */
public class ErrorMappers {

    private static final Logger LOG = Logger.getLogger(ErrorMappers.class);

    private final ProblemWriter writer;
    private final BindingErrors binding;
    private final AllowedMethods allowedMethods;

    public ErrorMappers(ProblemWriter writer, ObjectMapper mapper, AllowedMethods allowedMethods) {
        this.writer = writer;
        this.binding = new BindingErrors(mapper);
        this.allowedMethods = allowedMethods;
    }

    @ServerExceptionMapper
    public Response badField(FieldException e, HttpServerRequest request) {
        return invalid(List.of(new Problem.FieldError(e.field(), e.problem())), request);
    }

    /** A data set's file that cannot be registered: a 400 on {@code source}, naming the file and the fault. */
    @ServerExceptionMapper
    public Response badDatasetFile(DatasetFileException e, HttpServerRequest request) {
        return invalid(List.of(new Problem.FieldError("source", e.getMessage())), request);
    }

    @ServerExceptionMapper
    public Response violations(ConstraintViolationException e, HttpServerRequest request) {
        if (Violations.onReturnValue(e.getConstraintViolations())) {
            return serverError(e, request);
        }
        return invalid(Violations.errors(e.getConstraintViolations()), request);
    }

    /** Quarkus' own mapper for this type would answer with a body of its own shape; this one wins. */
    @ServerExceptionMapper
    public Response mismatchedInput(MismatchedInputException e, HttpServerRequest request) {
        return json(e, request);
    }

    @ServerExceptionMapper
    public Response json(JsonProcessingException e, HttpServerRequest request) {
        if (e instanceof InvalidDefinitionException) {
            return serverError(e, request);
        }
        if (e instanceof JsonMappingException m) {
            return invalid(List.of(binding.describe(m)), request);
        }
        var problem = new Problem.FieldError("body", "is not valid JSON: " + e.getOriginalMessage());
        return writer.response(Problem.invalid(ProblemType.INVALID_JSON, List.of(problem), request.path()));
    }

    @ServerExceptionMapper
    public Response conflict(ConflictException e, HttpServerRequest request) {
        return writer.response(Problem.of(ProblemType.CONFLICT, e.field(), e.getMessage(), request.path()));
    }

    @ServerExceptionMapper
    public Response unknownId(UnknownIdException e, HttpServerRequest request) {
        return writer.response(Problem.of(ProblemType.UNKNOWN_ID, null, e.getMessage(), request.path()));
    }

    /**
     * The framework's answers: no resource at the path (404), a method, media type or body it does
     * not take (405, 406, 415), and Quarkus' wrapping of a body Jackson could not read (400).
     */
    @ServerExceptionMapper
    public Response web(WebApplicationException e, HttpServerRequest request) {
        Throwable cause = e.getCause();
        if (cause instanceof JsonProcessingException j) {
            return json(j, request);
        }
        if (cause instanceof FieldException f) {
            return badField(f, request);
        }
        Response original = e.getResponse();
        int status = original.getStatus();
        if (status < 400) {
            return original;
        }
        if (status >= 500) {
            return serverError(e, request);
        }
        MultivaluedMap<String, Object> headers = new MultivaluedHashMap<>(original.getHeaders());
        Set<String> allowed = status == 405 ? allowedMethods.at(request.path()) : Set.of();
        if (!allowed.isEmpty() && !headers.containsKey(HttpHeaders.ALLOW)) {
            headers.putSingle(HttpHeaders.ALLOW, String.join(", ", allowed));
        }
        String detail = StatusDetails.of(status, request, allowed, e.getMessage());
        return writer.response(Problem.ofStatus(status, detail, request.path()), headers);
    }

    /** Anything unforeseen: logged in full, answered without a word about the internals. */
    @ServerExceptionMapper
    public Response unexpected(Throwable e, HttpServerRequest request) {
        return serverError(e, request);
    }

    private Response invalid(List<Problem.FieldError> errors, HttpServerRequest request) {
        return writer.response(Problem.invalid(ProblemType.VALIDATION, errors, request.path()));
    }

    private Response serverError(Throwable e, HttpServerRequest request) {
        Outage outage = Outage.of(e).orElse(null);
        if (outage != null && !request.response().ended()) {
            return unavailable(outage, e, request);
        }
        if (request.response().ended()) {
            // Quarkus answered already: 413 to a chunked body over the limit, then failed the read.
            LOG.debugf(e, "%s %s failed after its answer (%d) was sent", request.method(), request.path(),
                    request.response().getStatusCode());
            return Response.status(request.response().getStatusCode()).build();
        }
        String id = UUID.randomUUID().toString();
        LOG.errorf(e, "%s %s failed; answered 500 as error %s", request.method(), request.path(), id);
        return writer.response(Problem.ofStatus(500, StatusDetails.serverError(id), request.path()));
    }

    /** A dependency is away for a while: 503 with {@code Retry-After}, and a warning without the stack. */
    private Response unavailable(Outage outage, Throwable e, HttpServerRequest request) {
        LOG.warnf("%s %s answered 503: %s is unavailable (%s)", request.method(), request.path(), outage.what(),
                e.getMessage());
        MultivaluedMap<String, Object> headers = new MultivaluedHashMap<>();
        headers.putSingle(HttpHeaders.RETRY_AFTER, Integer.toString(Outage.RETRY_AFTER_SECONDS));
        String detail = "The service cannot answer now: " + outage.what() + " is unavailable. Try again in "
                + Outage.RETRY_AFTER_SECONDS + " s.";
        return writer.response(Problem.ofStatus(503, detail, request.path()), headers);
    }
}
