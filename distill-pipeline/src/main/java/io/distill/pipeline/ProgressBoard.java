package io.distill.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import io.distill.contract.events.JobResult;
import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * One line per job from the events on {@code distill-progress}. On a terminal the lines are redrawn
 * in place; in a log (CI) a job's line is printed when its epoch or state changes, or every 30 s.
 */
final class ProgressBoard {

    private static final long LOG_EVERY_NANOS = 30_000_000_000L;

    private final PrintStream out;
    private final boolean live;
    private final Map<String, String> lines = new LinkedHashMap<>();
    private final Map<String, String> lastLogged = new LinkedHashMap<>();
    private final Map<String, Long> lastLoggedAt = new LinkedHashMap<>();
    private int drawn;

    ProgressBoard(PrintStream out, boolean live) {
        this.out = out;
        this.live = live;
    }

    /** Takes one {@code JobProgress} or {@code JobResult} event. */
    void update(String key, JsonNode event) {
        String line = format(key, event);
        lines.put(key, line);
        if (live) {
            redraw();
            return;
        }
        String stage = event.path("state").asText() + "/" + event.path("epoch").asInt();
        long now = System.nanoTime();
        if (!stage.equals(lastLogged.get(key)) || now - lastLoggedAt.getOrDefault(key, 0L) > LOG_EVERY_NANOS) {
            out.println(line);
            lastLogged.put(key, stage);
            lastLoggedAt.put(key, now);
        }
    }

    private void redraw() {
        if (drawn > 0) {
            out.print("\033[" + drawn + "A");
        }
        for (String line : lines.values()) {
            out.print("\033[2K" + line + "\n");
        }
        drawn = lines.size();
        out.flush();
    }

    static String format(String key, JsonNode e) {
        String state = e.path("state").asText("?");
        StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "%-40s %-9s", key, state));
        if (JobResult.TYPE.equals(e.path("type").asText())) {
            JsonNode errors = e.path("metrics").path("testErrors");
            if (errors.isNumber()) {
                line.append("  test errors ").append(errors.asInt());
            }
            if (!e.path("error").isNull() && e.has("error")) {
                line.append("  ").append(e.path("error").asText());
            }
            return line.toString();
        }
        line.append(String.format(Locale.ROOT, " %3.0f%%", 100 * e.path("progress").asDouble()));
        if (e.path("epochs").asInt() > 0) {
            line.append(String.format(Locale.ROOT, "  epoch %d/%d", e.path("epoch").asInt(), e.path("epochs").asInt()));
        }
        line.append(String.format(Locale.ROOT, "  %,.0f ex/s", e.path("examplesPerSecond").asDouble()));
        if (e.path("etaSeconds").isNumber()) {
            long eta = Math.round(e.path("etaSeconds").asDouble());
            line.append(String.format(Locale.ROOT, "  ETA %dm%02ds", eta / 60, eta % 60));
        }
        if (e.path("validationErrors").isNumber()) {
            line.append("  validation errors ").append(e.path("validationErrors").asInt());
        }
        return line.toString();
    }
}
