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

/**
 * Each service's readiness ({@code /q/health/ready}) with every check's status and what it says, and its
 * replicas ({@code GET /replicas}).
 */
@Blocking
@Path("/health")
@Produces(MediaType.TEXT_HTML)
@RolesAllowed({Session.READ, Session.SUBMIT})
public class HealthPage {

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance health(List<ServiceHealth> services);
    }

    /** One service's answer: UP, DOWN, or why it did not answer; and its replicas as they report themselves. */
    public record ServiceHealth(String service, String status, List<Check> checks, String problem,
            List<ReplicaRow> replicas) {

        public boolean up() {
            return "UP".equals(status);
        }
    }

    /** One readiness check, and its data as {@code key: value} lines. */
    public record Check(String name, String status, String data) {}

    /** One replica ({@code GET /replicas}): live or gone, since when, on what. */
    public record ReplicaRow(String instance, boolean live, String startedAt, String seenAt, String device,
            String version) {}

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
            List<ReplicaRow> replicas = new ArrayList<>();
            api.read(service, "/replicas").ifPresent(list -> list.forEach(r -> replicas.add(new ReplicaRow(
                    r.path("instance").asText(), r.path("live").asBoolean(), r.path("startedAt").asText(),
                    r.path("seenAt").asText(), r.path("device").asText(), r.path("version").asText()))));
            services.add(new ServiceHealth(service, status, checks, problem, replicas));
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
