package io.distill.server.openapi;

import io.distill.server.problems.Problem;
import org.eclipse.microprofile.openapi.annotations.Components;
import org.eclipse.microprofile.openapi.annotations.OpenAPIDefinition;
import org.eclipse.microprofile.openapi.annotations.info.Info;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * What every service's OpenAPI document shares: the {@link Problem} schema of its error answers.
 * Each service's title, description and server are configuration (quarkus.smallrye-openapi.info-*,
 * mp.openapi.servers in its application.properties); {@link StandardResponsesFilter} does the rest.
 */
@OpenAPIDefinition(
        info = @Info(title = "distill", version = "0.1.0"),
        components = @Components(schemas = @Schema(name = "Problem", implementation = Problem.class)))
public final class DistillOpenApi {

    private DistillOpenApi() {}
}
