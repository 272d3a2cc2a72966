package io.distill.console.web;

import com.fasterxml.jackson.databind.JsonNode;
import io.distill.console.security.Session;
import io.distill.console.services.ServiceApi;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.smallrye.common.annotation.Blocking;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.ArrayList;
import java.util.List;

/** Each service's readiness ({@code /q/health/ready}) with every check's status and what it says. */
@Blocking
@Path("/health")
@Produces(MediaType.TEXT_HTML)
@RolesAllowed({Session.READ, Session.SUBMIT})
public class HealthPage {

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance health(List<ServiceHealth> services);
    }

    /** One service's answer: UP, DOWN, or why it did not answer. */
    public record ServiceHealth(String service, String status, List<Check> checks, String problem) {

        public boolean up() {
            return "UP".equals(status);
        }
    }

    /** One readiness check, and its data as {@code key: value} lines. */
    public record Check(String name, String status, String data) {}

    private final ServiceApi api;

    public HealthPage(ServiceApi api) {
        this.api = api;
    }

    @GET
    public TemplateInstance health() {
        List<ServiceHealth> services = new ArrayList<>();
        for (String service : ServiceApi.services()) {
            ServiceApi.Answer answer = api.readAnswer(service, "/q/health/ready");
            JsonNode body = answer.body();
            List<Check> checks = new ArrayList<>();
            body.path("checks").forEach(c -> checks.add(new Check(c.path("name").asText(), c.path("status").asText(),
                    data(c.path("data")))));
            String status = body.path("status").asText(answer.status() == 200 ? "UP" : "UNKNOWN");
            String problem = body.has("status") ? null : body.path("detail").asText(service + " answered " + answer.status());
            services.add(new ServiceHealth(service, status, checks, problem));
        }
        return Templates.health(services);
    }

    private static String data(JsonNode data) {
        List<String> lines = new ArrayList<>();
        data.fields().forEachRemaining(f -> lines.add(f.getKey() + ": " + (f.getValue().isTextual()
                ? f.getValue().asText() : f.getValue().toString())));
        return String.join("\n", lines);
    }
}
