package io.distill.console.web;

import com.fasterxml.jackson.databind.JsonNode;
import io.distill.console.config.ConsoleConfig;
import io.distill.console.live.LiveJobs;
import io.distill.console.runs.Curves;
import io.distill.console.runs.JobNode;
import io.distill.console.runs.RunBoard;
import io.distill.console.runs.RunBoards;
import io.distill.console.security.Session;
import io.distill.contract.events.JobProgress;
import io.distill.contract.json.Json;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.mutiny.Multi;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.jboss.resteasy.reactive.ResponseHeader;

/**
 * A run page's live updates, as Server-Sent Events: {@code job-<id>} with a job's node as HTML,
 * {@code summary} with the run's count of ended jobs, and {@code curve} with a learning-curve point as
 * JSON. It opens with every node as the services have it now, so that nothing between the page's load
 * and the stream's start is missed, then follows {@code distill-progress}; a comment every
 * {@code distill.console.heartbeat} keeps proxies from closing it, and {@code X-Accel-Buffering: no}
 * keeps nginx-style proxies (the compose gateway, ingresses) from holding events back.
 */
@Path("/runs/{id}/events")
@RolesAllowed({Session.READ, Session.SUBMIT})
public class RunEvents {

    private final RunBoards boards;
    private final LiveJobs live;
    private final ConsoleConfig config;

    public RunEvents(RunBoards boards, LiveJobs live, ConsoleConfig config) {
        this.boards = boards;
        this.live = live;
        this.config = config;
    }

    @GET
    @Blocking
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @ResponseHeader(name = "X-Accel-Buffering", value = "no")
    @ResponseHeader(name = "Cache-Control", value = "no-cache")
    public Multi<OutboundSseEvent> events(@PathParam("id") String id, @Context Sse sse) {
        RunBoard first = boards.board(id).orElseThrow(() -> new NotFoundException("There is no run " + id + "."));
        AtomicReference<RunBoard> board = new AtomicReference<>(first);
        List<OutboundSseEvent> opening = new ArrayList<>();
        first.nodes().forEach(node -> opening.add(nodeEvent(sse, node)));
        opening.add(summaryEvent(sse, first));
        Multi<OutboundSseEvent> updates = live.events()
                .filter(event -> first.node(event.path("jobId").asText()) != null)
                .onItem().transformToIterable(event -> {
                    JobNode node = board.get().node(event.path("jobId").asText()).after(event);
                    RunBoard now = board.updateAndGet(b -> b.with(node));
                    List<OutboundSseEvent> out = new ArrayList<>(List.of(nodeEvent(sse, node), summaryEvent(sse, now)));
                    if (isEpoch(event)) {
                        out.add(sse.newEventBuilder().name("curve").data(Json.mapper().createObjectNode()
                                .put("id", node.id()).set("point", Curves.point(event)).toString()).build());
                    }
                    return out;
                });
        Multi<OutboundSseEvent> heartbeats = Multi.createFrom().ticks().every(config.heartbeat())
                .map(tick -> sse.newEventBuilder().comment("heartbeat").build());
        return Multi.createBy().merging().streams(Multi.createFrom().iterable(opening), updates, heartbeats);
    }

    private static boolean isEpoch(JsonNode event) {
        return JobProgress.TYPE.equals(event.path("type").asText()) && event.path("epoch").asInt() > 0
                && event.path("trainLoss").isNumber();
    }

    private static OutboundSseEvent nodeEvent(Sse sse, JobNode node) {
        return sse.newEventBuilder().name(node.elementId()).data(RunsPage.Templates.run$node(node).render()).build();
    }

    private static OutboundSseEvent summaryEvent(Sse sse, RunBoard board) {
        return sse.newEventBuilder().name("summary").data(RunsPage.Templates.run$summary(board).render()).build();
    }
}
