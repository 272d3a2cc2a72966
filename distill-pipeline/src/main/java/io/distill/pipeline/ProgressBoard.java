package io.distill.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import io.distill.contract.events.JobResult;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The pipeline's jobs as people follow them, from the events on {@code distill-progress}: one line per job,
 * named by its role in the plan ({@link PlannedJobs}), with its state, a progress bar, epoch, speed and
 * ETA, and a last line with how many of the plan's jobs have ended. Live (a terminal), the board is
 * redrawn in place, jobs not started yet included; plain (a log), a job's line is printed when its epoch
 * or state changes, or every 30 s, and the total whenever a job ends. A failed job is said at once,
 * with its error, either way.
 */
final class ProgressBoard {

    private static final long LOG_EVERY_NANOS = 30_000_000_000L;
    private static final int BAR = 20;
    /** The label column's widest width; a longer label pushes its line's state along. */
    private static final int MAX_LABEL = 64;

    private final PrintStream out;
    private final boolean live;
    private final PlannedJobs planned;
    private final int labelWidth;
    private final long started = System.nanoTime();
    private final Map<String, String> lines = new LinkedHashMap<>();
    private final Map<String, String> ended = new HashMap<>();
    private final Map<String, String> lastLogged = new HashMap<>();
    private final Map<String, Long> lastLoggedAt = new HashMap<>();
    private int drawn;

    ProgressBoard(PrintStream out, boolean live, PlannedJobs planned) {
        this.out = out;
        this.live = live;
        this.planned = planned;
        this.labelWidth = Math.min(MAX_LABEL, planned.labels().values().stream().mapToInt(String::length).max()
                .orElse(0));
        if (live) {
            redraw();
        }
    }

    /** Takes one {@code JobProgress} or {@code JobResult} event of job {@code key}. */
    void update(String key, JsonNode event) {
        lines.put(key, format(planned.label(key), labelWidth, event));
        boolean result = JobResult.TYPE.equals(event.path("type").asText());
        boolean newlyEnded = result && planned.labels().containsKey(key) && !ended.containsKey(key);
        if (result && planned.labels().containsKey(key)) {
            ended.put(key, event.path("state").asText());
        }
        if (result && "FAILED".equals(event.path("state").asText())) {
            say(String.format(Locale.ROOT, "FAILED: %s (%s): %s", planned.label(key), key,
                    event.path("error").asText("no reason given")));
        }
        if (live) {
            redraw();
            return;
        }
        String stage = event.path("state").asText() + "/" + event.path("epoch").asInt();
        long now = System.nanoTime();
        if (!stage.equals(lastLogged.get(key)) || now - lastLoggedAt.getOrDefault(key, 0L) > LOG_EVERY_NANOS) {
            out.println(lines.get(key));
            lastLogged.put(key, stage);
            lastLoggedAt.put(key, now);
        }
        if (newlyEnded) {
            out.println(total());
        }
    }

    /** Says {@code message} on a line of its own, above the board when it is live. */
    void say(String message) {
        if (live && drawn > 0) {
            out.print("\033[" + drawn + "A\033[J");
            drawn = 0;
        }
        out.println(message);
        if (live) {
            redraw();
        }
    }

    /** The labels of the planned jobs that have not ended, in plan order. */
    List<String> notEnded() {
        return planned.keys().stream().filter(k -> !ended.containsKey(k)).map(planned::label).toList();
    }

    /** "5 of 12 jobs ended (4 succeeded, 1 failed) after 3m12s". */
    String total() {
        long failed = ended.values().stream().filter(s -> !"SUCCEEDED".equals(s)).count();
        long seconds = (System.nanoTime() - started) / 1_000_000_000L;
        return String.format(Locale.ROOT, "%d of %d jobs ended (%d succeeded, %d not) after %dm%02ds",
                ended.size(), planned.size(), ended.size() - failed, failed, seconds / 60, seconds % 60);
    }

    private void redraw() {
        if (drawn > 0) {
            out.print("\033[" + drawn + "A");
        }
        List<String> board = new ArrayList<>();
        for (String key : planned.keys()) {
            board.add(lines.getOrDefault(key, String.format(Locale.ROOT, "%-" + labelWidth + "s %-9s",
                    planned.label(key), "waiting")));
            // A job's parts (a teacher ensemble's members, an ensemble's specialists) just below it.
            lines.keySet().stream().filter(k -> planned.parentOf(k).filter(key::equals).isPresent())
                    .forEach(k -> board.add(lines.get(k)));
        }
        lines.keySet().stream().filter(k -> !planned.labels().containsKey(k) && planned.parentOf(k).isEmpty())
                .forEach(k -> board.add(lines.get(k)));
        board.add(total());
        for (String line : board) {
            out.print("\033[2K" + line + "\n");
        }
        drawn = board.size();
        out.flush();
    }

    /** A job's line: its label padded to {@code width}, its state, and its progress or result. */
    static String format(String label, int width, JsonNode e) {
        String state = e.path("state").asText("?");
        StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "%-" + width + "s %-9s", label, state));
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
        double progress = Math.max(0, Math.min(1, e.path("progress").asDouble()));
        int filled = (int) Math.round(progress * BAR);
        line.append(" [").append("#".repeat(filled)).append("-".repeat(BAR - filled)).append(']');
        line.append(String.format(Locale.ROOT, " %3.0f%%", 100 * progress));
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
