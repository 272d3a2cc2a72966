package io.distill.testkit;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Lints Prometheus text exposition with {@code promtool check metrics}, Prometheus' own checker: HELP
 * and TYPE present, snake_case names, base units, {@code _total} on counters and only there.
 *
 * <p>promtool comes from Debian's {@code prometheus} package: the build's {@code validate} phase
 * unpacks the one binary into the data directory's {@code tools/} when it is missing
 * ({@code deploy/data/fetch-promtool.sh}). It is looked for in {@code $PROMTOOL}, then on the PATH,
 * then there; a missing promtool fails the check with what to install, never skips it.
 */
public final class Promtool {

    /** The text format that promtool reads; Quarkus answers OpenMetrics unless asked for this one. */
    public static final String TEXT_FORMAT = "text/plain;version=0.0.4";

    private Promtool() {}

    /**
     * The lines of {@code exposition} that belong to metric families named {@code prefix...}: their
     * HELP and TYPE comments and their samples.
     */
    public static String families(String exposition, String prefix) {
        StringBuilder ours = new StringBuilder();
        for (String line : exposition.split("\n")) {
            String name = line.startsWith("# HELP ") || line.startsWith("# TYPE ") ? line.substring(7) : line;
            if (name.startsWith(prefix)) {
                ours.append(line).append('\n');
            }
        }
        return ours.toString();
    }

    /** What {@code promtool check metrics} finds wrong in {@code exposition}: one line per problem. */
    public static List<String> problems(String exposition) throws IOException, InterruptedException {
        Path promtool = find().orElseThrow(() -> new IllegalStateException(
                "promtool is not in $PROMTOOL, on the PATH or in the data directory's tools/, so /q/metrics cannot"
                        + " be linted: run deploy/data/fetch-promtool.sh (the build's validate phase does)."));
        Process process = new ProcessBuilder(promtool.toString(), "check", "metrics").redirectErrorStream(true).start();
        process.getOutputStream().write(exposition.getBytes(StandardCharsets.UTF_8));
        process.getOutputStream().close();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException("promtool check metrics did not finish in 30 s");
        }
        List<String> problems = new ArrayList<>(output.lines().filter(l -> !l.isBlank()).toList());
        if (process.exitValue() != 0 && problems.isEmpty()) {
            problems.add("promtool check metrics exited with " + process.exitValue() + " and said nothing");
        }
        return problems;
    }

    private static Optional<Path> find() {
        String explicit = System.getenv("PROMTOOL");
        if (explicit != null && !explicit.isBlank()) {
            return Optional.of(Path.of(explicit)).filter(Files::isExecutable);
        }
        String path = Optional.ofNullable(System.getenv("PATH")).orElse("");
        for (String dir : path.split(File.pathSeparator)) {
            Path candidate = Path.of(dir.isEmpty() ? "." : dir, "promtool");
            if (Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        String data = Optional.ofNullable(System.getenv("DISTILL_DATA_DIR"))
                .orElse(System.getProperty("user.home") + "/.cache/distill");
        return Optional.of(Path.of(data, "tools", "promtool")).filter(Files::isExecutable);
    }
}
