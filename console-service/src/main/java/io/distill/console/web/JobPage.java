package io.distill.console.web;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.distill.console.runs.Curves;
import io.distill.console.security.Session;
import io.distill.console.security.Viewer;
import io.distill.console.services.ServiceApi;
import io.distill.contract.json.Json;
import io.distill.contract.runs.PlanJobs;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.smallrye.common.annotation.Blocking;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.jboss.resteasy.reactive.RestResponse;

/**
 * One job: its request with every default filled in, its state, replica and attempts, its error, its
 * metrics (the confusion matrix, the bias fix before and after), its models with their downloads, and
 * the actions a {@code distill-submit} token allows (cancel; re-stream an expired transfer set).
 */
@Blocking
@Path("/jobs/{service}/{id}")
@Produces(MediaType.TEXT_HTML)
@RolesAllowed({Session.READ, Session.SUBMIT})
public class JobPage {

    private static final Set<String> ENDED = Set.of("SUCCEEDED", "FAILED", "CANCELLED");

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance job(JobView job, String problem);
    }

    /** The job as its page shows it. */
    public record JobView(String service, String id, String kind, String state, String instance, int attempts,
            String createdAt, String updatedAt, String error, String request, String metrics,
            List<List<Integer>> confusion, BiasFix biasFix, List<String> modelIds, String run, String curves,
            boolean cancellable, boolean expired, boolean downloads) {

        public String stateClass() {
            return state.toLowerCase(Locale.ROOT);
        }
    }

    /** The bias fix's test errors before and after, and the bias it added to the omitted classes. */
    public record BiasFix(int before, int after, double bias) {}

    private final ServiceApi api;
    private final Curves curves;
    private final Viewer viewer;

    public JobPage(ServiceApi api, Curves curves, Viewer viewer) {
        this.api = api;
        this.curves = curves;
        this.viewer = viewer;
    }

    @GET
    public TemplateInstance job(@PathParam("service") String service, @PathParam("id") String id) {
        return Templates.job(view(service, id), null);
    }

    @POST
    @Path("cancel")
    @RolesAllowed(Session.SUBMIT)
    public RestResponse<TemplateInstance> cancel(@PathParam("service") String service, @PathParam("id") String id) {
        return act(service, id, ServiceApi.root(service) + "/" + id + "/cancel");
    }

    @POST
    @Path("restream")
    @RolesAllowed(Session.SUBMIT)
    public RestResponse<TemplateInstance> restream(@PathParam("service") String service, @PathParam("id") String id) {
        return act(service, id, ServiceApi.root(service) + "/" + id + "/restream");
    }

    private RestResponse<TemplateInstance> act(String service, String id, String path) {
        ServiceApi.Answer answer = api.act(service, "POST", path, null, viewer.rawToken());
        if (answer.ok()) {
            return RestResponse.seeOther(URI.create("/jobs/" + service + "/" + id));
        }
        String problem = answer.body().path("detail").asText(service + " answered " + answer.status());
        return RestResponse.status(RestResponse.Status.fromStatusCode(answer.status()),
                Templates.job(view(service, id), problem));
    }

    private JobView view(String service, String id) {
        String root = ServiceApi.root(service);
        JsonNode job = api.read(service, root + "/" + id).orElseThrow(
                () -> new NotFoundException(service + " has no job " + id + "."));
        JsonNode metrics = job.path("metrics");
        List<List<Integer>> confusion = new ArrayList<>();
        metrics.path("confusionMatrix").forEach(row -> {
            List<Integer> counts = new ArrayList<>();
            row.forEach(count -> counts.add(count.asInt()));
            confusion.add(counts);
        });
        JsonNode bias = metrics.path("biasAdjustment");
        BiasFix biasFix = bias.isObject() ? new BiasFix(bias.path("testErrorsBefore").asInt(),
                bias.path("testErrorsAfter").asInt(), bias.path("bias").asDouble()) : null;
        List<String> models = new ArrayList<>();
        job.path("modelIds").forEach(m -> models.add(m.asText()));
        String curve = RunsPage.scriptJson(curves.of(service, id, job.path("epochs").asInt() > 0).toString());
        String state = job.path("state").asText();
        return new JobView(service, id, job.path("kind").asText(), state, job.path("instance").asText(null),
                job.path("attempts").asInt(), job.path("createdAt").asText(), job.path("updatedAt").asText(),
                job.hasNonNull("error") ? job.path("error").asText() : null, pretty(job.path("request")),
                pretty(metrics), confusion, biasFix, models, runOf(id), curve,
                !ENDED.contains(state), PlanJobs.SOFT_TARGET_SERVICE.equals(service) && job.path("expired").asBoolean(),
                PlanJobs.TEACHER_SERVICE.equals(service) || PlanJobs.STUDENT_SERVICE.equals(service));
    }

    /**
     * The run a job belongs to, or null: every job of a run extends its teacher job's id, which
     * teacher-service makes as {@code t-<hash>}; jobs posted on their own have ids of other forms.
     */
    static String runOf(String id) {
        if (!id.startsWith("t-")) {
            return null;
        }
        int cut = id.indexOf('-', 2);
        return cut < 0 ? id : id.substring(0, cut);
    }

    private static String pretty(JsonNode node) {
        try {
            return Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(node);
        } catch (JsonProcessingException e) {
            return node.toString();
        }
    }
}
