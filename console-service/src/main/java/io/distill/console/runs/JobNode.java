package io.distill.console.runs;

import com.fasterxml.jackson.databind.JsonNode;
import io.distill.contract.events.JobResult;
import io.distill.contract.records.Builder;
import java.util.Locale;
import java.util.Set;

/**
 * One job of a run as its page shows it: where it sits in the run's graph, its state and how far it is.
 *
 * @param depth    0 for the teacher, 1 for a transfer set, 2 for a student or an ensemble
 * @param state    its state, or {@code WAITING} while the job that starts it has not yet
 * @param percent  progress, 0 to 100
 */
@Builder
public record JobNode(String service, String id, String role, int depth, String state, int epoch, int epochs,
        int percent, double examplesPerSecond, Double etaSeconds, Integer validationErrors, String error) {

    /** The state of a job that its run has planned and nothing has created yet. */
    public static final String WAITING = "WAITING";
    private static final Set<String> ENDED = Set.of("SUCCEEDED", "FAILED", "CANCELLED");

    /** A planned job from its record ({@code GET /<root>/<id>}), or waiting when it has none yet. */
    static JobNode of(JsonNode planned, int depth, JsonNode record) {
        JobNodeBuilder node = JobNodeBuilder.builder().service(planned.path("service").asText())
                .id(planned.path("id").asText()).role(planned.path("role").asText()).depth(depth);
        if (record == null || record.isMissingNode() || record.isEmpty()) {
            return node.state(WAITING).build();
        }
        return node.state(record.path("state").asText()).epoch(record.path("epoch").asInt())
                .epochs(record.path("epochs").asInt()).percent(percent(record.path("progress").asDouble()))
                .examplesPerSecond(record.path("examplesPerSecond").asDouble())
                .etaSeconds(number(record.path("etaSeconds"))).validationErrors(integer(record.path("validationErrors")))
                .error(record.hasNonNull("error") ? record.path("error").asText() : null).build();
    }

    /** This job after {@code event} ({@code JobProgress} or {@code JobResult} on {@code distill-progress}). */
    public JobNode after(JsonNode event) {
        JobNodeBuilder next = JobNodeBuilder.builder(this).state(event.path("state").asText(state));
        if (JobResult.TYPE.equals(event.path("type").asText())) {
            String endState = event.path("state").asText();
            return next.percent("SUCCEEDED".equals(endState) ? 100 : percent).etaSeconds(null)
                    .error(event.hasNonNull("error") ? event.path("error").asText() : null).build();
        }
        return next.epoch(event.path("epoch").asInt(epoch)).epochs(event.path("epochs").asInt(epochs))
                .percent(percent(event.path("progress").asDouble(percent / 100.0)))
                .examplesPerSecond(event.path("examplesPerSecond").asDouble(examplesPerSecond))
                .etaSeconds(number(event.path("etaSeconds")))
                .validationErrors(event.hasNonNull("validationErrors") ? Integer.valueOf(
                        event.path("validationErrors").asInt()) : validationErrors).build();
    }

    public boolean ended() {
        return ENDED.contains(state);
    }

    /** The state in lower case, for the page's styles. */
    public String stateClass() {
        return state.toLowerCase(Locale.ROOT);
    }

    /** The id of the element that shows it, and the name of its events on the page's stream. */
    public String elementId() {
        return "job-" + id;
    }

    /** {@code epoch 3/20, 1,234 ex/s, 2 min 10 s left}, or what there is of it. */
    public String detail() {
        StringBuilder detail = new StringBuilder();
        if (epochs > 0 && !WAITING.equals(state)) {
            detail.append("epoch ").append(epoch).append('/').append(epochs);
        }
        if (examplesPerSecond > 0 && !ended()) {
            detail.append(detail.isEmpty() ? "" : ", ")
                    .append(String.format(Locale.ROOT, "%,.0f ex/s", examplesPerSecond));
        }
        if (etaSeconds != null && !ended()) {
            detail.append(detail.isEmpty() ? "" : ", ").append(duration(etaSeconds)).append(" left");
        }
        if (validationErrors != null) {
            detail.append(detail.isEmpty() ? "" : ", ").append(String.format(Locale.ROOT, "%,d validation errors",
                    validationErrors));
        }
        return detail.toString();
    }

    static String duration(double seconds) {
        long s = Math.round(seconds);
        if (s < 60) {
            return s + " s";
        }
        if (s < 3600) {
            return s / 60 + " min " + s % 60 + " s";
        }
        return s / 3600 + " h " + s % 3600 / 60 + " min";
    }

    private static int percent(double progress) {
        return (int) Math.round(Math.max(0, Math.min(1, progress)) * 100);
    }

    private static Double number(JsonNode value) {
        return value.isNumber() ? value.asDouble() : null;
    }

    private static Integer integer(JsonNode value) {
        return value.isNumber() ? value.asInt() : null;
    }
}
