package io.distill.teacher;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonSetter;
import com.fasterxml.jackson.annotation.Nulls;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.ext.web.Router;
import jakarta.enterprise.event.Observes;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;

/**
 * Test-only endpoints that fail the ways ProblemDetailsTest needs: a typed body bound by Jackson and
 * checked by Bean Validation, as the request records will be; an unforeseen exception in a resource;
 * a resource's bare error answer; and failures of a plain Vert.x route.
 */
@Path("/test-problems")
public class ProblemProbes {

    public enum Choice {
        @JsonProperty("sgd") SGD,
        @JsonProperty("adam") ADAM
    }

    public record Student(@Positive double temperature, Integer epochs) {}

    public record TransferSet(List<@Valid Student> students) {}

    public record Plan(@NotNull List<@Valid TransferSet> transferSets) {}

    public record Body(@NotNull @Valid Plan plan, Choice choice, @JsonSetter(nulls = Nulls.FAIL) Integer count) {}

    private final ObjectMapper mapper;

    public ProblemProbes(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    @POST
    @Path("/bind")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public Body bind(@Valid @NotNull Body body) {
        return body;
    }

    /** Binds as the request records will, refusing unknown fields (Quarkus' own mapper ignores them). */
    @POST
    @Path("/bind-strict")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public Body bindStrict(String body) throws Exception {
        return mapper.readerFor(Body.class).with(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).readValue(body);
    }

    @GET
    @Path("/crash")
    @Produces(MediaType.APPLICATION_JSON)
    public String crash() {
        throw new IllegalStateException("the database password is hunter2");
    }

    @GET
    @Path("/unavailable")
    public Response unavailable() {
        return Response.status(Response.Status.SERVICE_UNAVAILABLE).build();
    }

    void routes(@Observes Router router) {
        router.get("/test-route/crash").handler(ctx -> ctx.fail(new IllegalStateException("the key is hunter2")));
        router.get("/test-route/unavailable").handler(ctx -> ctx.fail(503));
    }
}
