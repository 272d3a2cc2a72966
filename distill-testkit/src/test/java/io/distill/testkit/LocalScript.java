package io.distill.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** One of the deploy/local server scripts, run as a user runs it, for the script tests. */
record LocalScript(String name) {

    /** What a run printed and how it ended. */
    record Result(int exitCode, String output) {}

    /** Runs {@code <name>.sh <command>} with {@code env} added to this JVM's environment. */
    Result run(String command, Map<String, String> env) throws IOException, InterruptedException {
        Path script = Path.of("..", "deploy", "local", name + ".sh").toAbsolutePath().normalize();
        ProcessBuilder pb = new ProcessBuilder("bash", script.toString(), command).redirectErrorStream(true);
        pb.environment().putAll(env);
        Process process = pb.start();
        String output = new String(process.getInputStream().readAllBytes());
        assertThat(process.waitFor(180, TimeUnit.SECONDS)).as("%s.sh %s finished", name, command).isTrue();
        return new Result(process.exitValue(), output);
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    static boolean portOpen(int port) {
        try (Socket ignored = new Socket("127.0.0.1", port)) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
