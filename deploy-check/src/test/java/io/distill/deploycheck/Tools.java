package io.distill.deploycheck;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Finds and runs the command-line tools that render the deploy files: kubectl and docker-compose. */
final class Tools {

    /** What a command printed and its exit code. */
    record Result(int exitCode, String stdout, String stderr) {}

    private Tools() {}

    static boolean onPath(String command) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, command))) {
                return true;
            }
        }
        return false;
    }

    /**
     * kubectl, whose kustomize renders deploy/k8s: {@code $KUBECTL}, else the one deploy/data/fetch-kubectl.sh
     * puts in the data directory's tools/ (only when the PATH has none with kustomize 5), else the PATH's.
     * With none, the checks fail and say what to run; they never skip.
     */
    static String kubectl() {
        String explicit = System.getenv("KUBECTL");
        if (explicit != null && !explicit.isBlank()) {
            return explicit;
        }
        String data = System.getenv().getOrDefault("DISTILL_DATA_DIR", System.getProperty("user.home") + "/.cache/distill");
        Path fetched = Path.of(data, "tools", "kubectl");
        if (Files.isExecutable(fetched)) {
            return fetched.toString();
        }
        if (onPath("kubectl")) {
            return "kubectl";
        }
        throw new IllegalStateException("kubectl is not in $KUBECTL, in the data directory's tools/ or on the PATH, so deploy/k8s"
                + " cannot be rendered: run deploy/data/fetch-kubectl.sh (the build's validate phase does).");
    }

    /** Runs {@code command} in {@code dir} with {@code env} added to this process's environment. */
    static Result run(Path dir, Map<String, String> env, String... command) {
        try {
            Path out = Files.createTempFile("deploy-check", ".out");
            Path err = Files.createTempFile("deploy-check", ".err");
            try {
                ProcessBuilder builder = new ProcessBuilder(List.of(command)).directory(dir.toFile())
                        .redirectOutput(out.toFile()).redirectError(err.toFile());
                builder.environment().putAll(env);
                Process p = builder.start();
                if (!p.waitFor(120, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                    throw new AssertionError(String.join(" ", command) + " did not finish within 120 s.");
                }
                return new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
            } finally {
                Files.deleteIfExists(out);
                Files.deleteIfExists(err);
            }
        } catch (IOException e) {
            throw new AssertionError("Cannot run " + String.join(" ", command) + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("Interrupted running " + String.join(" ", command), e);
        }
    }
}
