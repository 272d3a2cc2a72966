package io.distill.console.web;

import com.fasterxml.jackson.databind.JsonNode;
import io.distill.console.security.Session;
import io.distill.console.services.NewestFirst;
import io.distill.console.services.ServiceApi;
import io.distill.contract.json.Json;
import io.distill.contract.runs.PlanJobs;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.smallrye.common.annotation.Blocking;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.StreamingOutput;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.jboss.resteasy.reactive.RestResponse;

/**
 * The models of the three services that train them ({@code GET /models}), a service at a time, filtered by
 * run, kind and data set: each with its test errors, its lineage (the job that trained it ← its transfer set
 * ← the teachers ← the data set) and its downloads, which the console streams from the service.
 */
@Blocking
@Path("/models")
@Produces(MediaType.TEXT_HTML)
@RolesAllowed({Session.READ, Session.SUBMIT})
public class ModelsPage {

    /** Models on one page. */
    static final int PAGE = 50;
    /** The services that publish models, in the order the page offers them. */
    static final List<String> SERVICES = List.of(PlanJobs.TEACHER_SERVICE, PlanJobs.STUDENT_SERVICE,
            PlanJobs.SPECIALIST_SERVICE);
    /** The formats a model downloads in: DJL's own files, or ONNX (not a specialist ensemble). */
    private static final Set<String> FORMATS = Set.of("djl", "onnx");

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance models(ModelList list);
    }

    /** One model as the page shows it; {@code lineage} runs from the model back to its data set. */
    public record ModelRow(String service, String modelId, String kind, String dataset, String format,
            String testErrors, String jobId, List<String> lineage, String createdAt, boolean onnx) {}

    /** A page of one service's models and the filters that chose them. */
    public record ModelList(String service, List<String> services, String run, String dataset, List<ModelRow> models,
            NewestFirst page) {

        /** The filters as a query string, for the page links. */
        public String filters() {
            return "service=" + service + (run.isEmpty() ? "" : "&run=" + encode(run))
                    + (dataset.isEmpty() ? "" : "&dataset=" + encode(dataset));
        }
    }

    private final ServiceApi api;

    public ModelsPage(ServiceApi api) {
        this.api = api;
    }

    @GET
    public TemplateInstance models(@QueryParam("service") @DefaultValue(PlanJobs.TEACHER_SERVICE) String service,
            @QueryParam("run") @DefaultValue("") String run, @QueryParam("dataset") @DefaultValue("") String dataset,
            @QueryParam("skip") @DefaultValue("0") int skip) {
        if (!SERVICES.contains(service)) {
            throw new NotFoundException(service + " has no models: " + String.join(", ", SERVICES) + " have.");
        }
        String filters = (run.isBlank() ? "" : "&run=" + encode(run)) + (dataset.isBlank() ? "" : "&dataset="
                + encode(dataset));
        NewestFirst page = NewestFirst.read(api, service, "/models", filters, skip, PAGE);
        Map<String, JsonNode> jobs = new HashMap<>();
        List<ModelRow> rows = page.items().stream().map(model -> row(service, model, jobs)).toList();
        return Templates.models(new ModelList(service, SERVICES, run, dataset, rows, page));
    }

    /** A model's artifact, streamed from the service that made it with the console's read token. */
    @GET
    @Path("{service}/{modelId}/artifact")
    @Produces(MediaType.APPLICATION_OCTET_STREAM)
    public RestResponse<StreamingOutput> download(@PathParam("service") String service,
            @PathParam("modelId") String modelId, @QueryParam("format") @DefaultValue("djl") String format) {
        if (!SERVICES.contains(service) || !FORMATS.contains(format)) {
            throw new NotFoundException("There is no " + format + " download of " + modelId + " on " + service
                    + ": djl or onnx, from " + String.join(", ", SERVICES) + ".");
        }
        HttpResponse<InputStream> answer = api.download(service, "/models/" + encode(modelId) + "/artifact?format="
                + format);
        if (answer.statusCode() != 200) {
            try (InputStream ignored = answer.body()) {
                throw new NotFoundException(service + " answered " + answer.statusCode() + " for model " + modelId
                        + (answer.statusCode() == 400 ? " as " + format : "") + ".");
            } catch (IOException e) {
                throw new NotFoundException(service + " did not send model " + modelId + ".");
            }
        }
        StreamingOutput body = out -> {
            try (InputStream in = answer.body()) {
                in.transferTo(out);
            }
        };
        RestResponse.ResponseBuilder<StreamingOutput> response = RestResponse.ResponseBuilder.ok(body)
                .header("Content-Disposition", "attachment; filename=\"" + modelId
                        + ("onnx".equals(format) ? ".onnx" : ".params") + "\"");
        answer.headers().firstValue("Content-Type").ifPresent(type -> response.header("Content-Type", type));
        answer.headers().firstValue("Content-Length").ifPresent(length -> response.header("Content-Length", length));
        answer.headers().firstValue("X-Checksum-Sha256").ifPresent(sum -> response.header("X-Checksum-Sha256", sum));
        return response.build();
    }

    private ModelRow row(String service, JsonNode model, Map<String, JsonNode> jobs) {
        String jobId = model.path("jobId").asText(null);
        List<String> lineage = new ArrayList<>();
        JsonNode request = jobId == null ? null : job(service, jobId, jobs).path("request");
        String setId = request == null ? "" : request.path("transferSetId").asText("");
        if (!setId.isEmpty()) {
            lineage.add("transfer set " + setId);
            JsonNode set = job(PlanJobs.SOFT_TARGET_SERVICE, setId, jobs).path("request");
            List<String> teachers = new ArrayList<>();
            set.path("teacherModelIds").forEach(t -> teachers.add(t.asText()));
            if (!teachers.isEmpty()) {
                lineage.add((teachers.size() > 1 ? "teachers " : "teacher ") + String.join(", ", teachers));
            } else if (set.hasNonNull("teacherJobId")) {
                lineage.add("teacher job " + set.path("teacherJobId").asText());
            }
        }
        if (jobId == null) {
            lineage.add("imported");
        }
        lineage.add("data set " + model.path("dataset").asText());
        JsonNode errors = model.path("metrics").path("testErrors");
        String kind = model.path("kind").asText();
        return new ModelRow(service, model.path("modelId").asText(), kind, model.path("dataset").asText(),
                model.path("format").asText("djl"), errors.isNumber() ? String.format(Locale.ROOT, "%,d", errors.asInt())
                : "–", jobId, lineage, model.path("createdAt").asText(), !"specialist-ensemble".equals(kind));
    }

    private JsonNode job(String service, String id, Map<String, JsonNode> jobs) {
        return jobs.computeIfAbsent(id, k -> api.read(service, ServiceApi.root(service) + "/" + encode(id))
                .orElse(Json.mapper().createObjectNode()));
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
