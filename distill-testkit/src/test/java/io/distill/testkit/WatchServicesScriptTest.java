package io.distill.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * deploy/local/watch-services.sh, as run.sh sources it: a replica whose process is gone for the grace
 * is named and stops the run (SIGUSR1 to run.sh); one restarted within the grace, and one alive, are not.
 */
class WatchServicesScriptTest {

    /** A run.sh stand-in: two replicas, the watcher with a 3 s grace, and what SIGUSR1 does. */
    private static final String RUN = """
            set -euo pipefail
            . "$1"
            say() { echo "run.sh: $*" >&2; }
            run=$2 names=(alive-0 gone-0) console=
            trap 'echo "stopped by the watcher"; exit 0' USR1
            watch_services 3 &
            for _ in $(seq 1 40); do sleep 0.25; done
            kill $! 2>/dev/null || true
            echo "not stopped"
            """;

    @TempDir
    Path run;

    @Test
    void aReplicaGoneForTheGraceStopsTheRunByName() throws Exception {
        Process alive = sleeper();
        try {
            Files.writeString(run.resolve("alive-0.pid"), Long.toString(alive.pid()));
            Files.writeString(run.resolve("gone-0.pid"), Long.toString(deadPid()));

            String output = watch();

            assertThat(output).contains("gone-0 exited and has not come back for 3 s (see " + run + "/gone-0.log)")
                    .contains("stopped by the watcher").doesNotContain("alive-0 exited").doesNotContain("not stopped");
        } finally {
            alive.destroy();
        }
    }

    @Test
    void aReplicaRestartedWithinTheGraceDoesNot() throws Exception {
        Process alive = sleeper();
        Process restarted = sleeper();
        try {
            Files.writeString(run.resolve("alive-0.pid"), Long.toString(alive.pid()));
            Files.writeString(run.resolve("gone-0.pid"), Long.toString(deadPid()));
            Thread restart = new Thread(() -> {
                try {
                    Thread.sleep(1_500);
                    Files.writeString(run.resolve("gone-0.pid"), Long.toString(restarted.pid()));
                } catch (IOException | InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            });
            restart.start();

            String output = watch();
            restart.join();

            assertThat(output).contains("not stopped").doesNotContain("exited");
        } finally {
            alive.destroy();
            restarted.destroy();
        }
    }

    private String watch() throws IOException, InterruptedException {
        Path script = Path.of("..", "deploy", "local", "watch-services.sh").toAbsolutePath().normalize();
        Process process = new ProcessBuilder("bash", "-c", RUN, "run.sh", script.toString(), run.toString())
                .redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("the stand-in finished").isTrue();
        assertThat(process.exitValue()).as(output).isZero();
        return output;
    }

    private static Process sleeper() throws IOException {
        return new ProcessBuilder("sleep", "60").start();
    }

    /** The pid of a process that has exited. */
    private static long deadPid() throws IOException, InterruptedException {
        Process process = new ProcessBuilder("true").start();
        process.waitFor();
        return process.pid();
    }
}
