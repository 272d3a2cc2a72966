package io.distill.service.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.distill.core.jobs.FieldException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** Turns bad requests into 400, unknown ids into 404 and conflicts into 409, each with a JSON {@link ErrorBody}. */
public class ErrorMappers {

    @ServerExceptionMapper
    public Response badField(FieldException e) {
        return json(Response.Status.BAD_REQUEST, new ErrorBody(e.field(), e.problem()));
    }

    @ServerExceptionMapper
    public Response badJson(JsonProcessingException e) {
        return json(Response.Status.BAD_REQUEST, new ErrorBody("body", "is not valid JSON: " + e.getOriginalMessage()));
    }

    /** Quarkus answers unreadable bodies with a bare 400; give it a body that says so. */
    @ServerExceptionMapper
    public Response webError(WebApplicationException e) {
        if (e.getResponse().getStatus() != Response.Status.BAD_REQUEST.getStatusCode()) {
            return e.getResponse();
        }
        Throwable cause = e.getCause() != null ? e.getCause() : e;
        String detail = cause instanceof JsonProcessingException j ? j.getOriginalMessage() : cause.getMessage();
        return json(Response.Status.BAD_REQUEST, new ErrorBody("body", "is not valid JSON: " + detail));
    }

    @ServerExceptionMapper
    public Response conflict(ConflictException e) {
        return json(Response.Status.CONFLICT, new ErrorBody(e.field(), e.getMessage()));
    }

    @ServerExceptionMapper
    public Response unknownId(UnknownIdException e) {
        return json(Response.Status.NOT_FOUND, new ErrorBody(null, e.getMessage()));
    }

    private static Response json(Response.Status status, ErrorBody body) {
        return Response.status(status).type(MediaType.APPLICATION_JSON_TYPE).entity(body).build();
    }
}
