package io.distill.console.web;

import io.distill.console.runs.Curves;
import io.distill.console.runs.JobNode;
import io.distill.console.runs.RunBoard;
import io.distill.console.runs.RunBoards;
import io.distill.console.runs.RunResults;
import io.distill.console.security.Session;
import io.distill.console.security.Viewer;
import io.distill.console.services.ServiceApi;
import io.distill.contract.json.Json;
import io.distill.contract.runs.PlanJobs;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.smallrye.common.annotation.Blocking;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import org.jboss.resteasy.reactive.RestResponse;

/** The runs: their list, a form that starts one from a plan, and one run's page. */
@Blocking
@Path("/")
@Produces(MediaType.TEXT_HTML)
@RolesAllowed({Session.READ, Session.SUBMIT})
public class RunsPage {

    /** Runs on one page of the list. */
    static final int PAGE = 25;

    /** A plan small enough to try: a teacher, a transfer set, a hard and a distilled student. */
    static final String EXAMPLE_PLAN = """
            {"hidden": [64], "epochs": 3, "trainLimit": 5000,
             "plan": {"transferSets": [{"name": "full", "limit": 5000,
               "students": [{"mode": "hard", "hidden": [32], "epochs": 3, "seed": 1},
                            {"mode": "distill", "temperature": 20, "hidden": [32], "epochs": 3, "seed": 1}]}]}}""";

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance list(RunBoards.RunList list, String plan, List<FieldError> errors, String problem);

        static native TemplateInstance run(RunBoard board, String curves, List<RunResults.Line> results, String resultsChart);

        static native TemplateInstance run$node(JobNode node);

        static native TemplateInstance run$summary(RunBoard board);
    }

    /** One field a service refused, at its JSON path. */
    public record FieldError(String field, String error) {}

    private final RunBoards boards;
    private final Curves curves;
    private final RunResults results;
    private final ServiceApi api;
    private final Viewer viewer;

    public RunsPage(RunBoards boards, Curves curves, RunResults results, ServiceApi api, Viewer viewer) {
        this.boards = boards;
        this.curves = curves;
        this.results = results;
        this.api = api;
        this.viewer = viewer;
    }

    @GET
    public TemplateInstance list(@QueryParam("skip") @DefaultValue("0") int skip) {
        return Templates.list(boards.runs(skip, PAGE), EXAMPLE_PLAN, List.of(), null);
    }

    /** Starts a run: the plan goes to teacher-service as the person's own call; its field errors come back here. */
    @POST
    @Path("runs")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @RolesAllowed(Session.SUBMIT)
    public RestResponse<TemplateInstance> start(@FormParam("plan") String plan) {
        ServiceApi.Answer answer = api.act(PlanJobs.TEACHER_SERVICE, "POST", PlanJobs.ROOTS.get(PlanJobs.TEACHER_SERVICE),
                plan == null ? "" : plan, viewer.rawToken());
        if (answer.ok()) {
            return RestResponse.seeOther(URI.create("/runs/" + answer.body().path("id").asText()));
        }
        List<FieldError> errors = new ArrayList<>();
        answer.body().path("errors").forEach(e -> errors.add(new FieldError(e.path("field").asText(),
                e.path("error").asText())));
        String problem = answer.body().path("detail").asText("teacher-service answered " + answer.status());
        return RestResponse.status(RestResponse.Status.fromStatusCode(answer.status()),
                Templates.list(boards.runs(0, PAGE), plan, errors, problem));
    }

    @GET
    @Path("runs/{id}")
    public TemplateInstance run(@PathParam("id") String id) {
        RunBoard board = boards.board(id).orElseThrow(() -> new NotFoundException("There is no run " + id + "."));
        List<RunResults.Line> rows = results.of(board);
        return Templates.run(board, scriptJson(curves.of(board).toString()), rows, scriptJson(resultsChart(rows)));
    }

    /** The results' chart data: each row's mean and the paper's figure, by row. */
    static String resultsChart(List<RunResults.Line> rows) {
        var chart = Json.mapper().createObjectNode();
        var labels = chart.putArray("labels");
        var ours = chart.putArray("ours");
        var paper = chart.putArray("paper");
        for (RunResults.Line row : rows) {
            labels.add(row.label());
            ours.add(row.mean());
            if (row.paperErrors() == null) {
                paper.addNull();
            } else {
                paper.add(row.paperErrors());
            }
        }
        return chart.toString();
    }

    /** JSON for a {@code <script type="application/json">} block: a {@code </} in it cannot end the block. */
    static String scriptJson(String json) {
        return json.replace("</", "<\\/");
    }
}
