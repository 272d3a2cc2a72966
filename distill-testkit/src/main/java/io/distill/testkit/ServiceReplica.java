package io.distill.testkit;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.distill.contract.json.Json;
import java.io.IOException;
import java.net.ConnectException;
import java.net.HttpURLConnection;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.awaitility.core.ConditionTimeoutException;

/**
 * One replica of a packaged service, run as its own process the way a deployment runs it: its own
 * port, cache and {@code HOSTNAME}, and the shared database, object store and broker. Tests of
 * replicas start two, kill one hard ({@link #kill()}, SIGKILL) and watch the other take over.
 */
public final class ServiceReplica implements AutoCloseable {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    /** Tries of a request whose connection is refused while the replica's process lives (half a second apart). */
    private static final int REFUSALS_TRIED = 10;
    private static final int LOG_TAIL_LINES = 40;

    /** What every replica of a test shares. */
    public record Cluster(Path jar, Postgres.Database database, S3Server.Bucket bucket, String bootstrap,
            Path workDir) {

        /** A cluster on a fresh database and bucket, with the test broker. */
        public static Cluster fresh(Path jar, Path workDir) {
            return new Cluster(jar, Postgres.freshDatabase(), S3Server.freshBucket(),
                    KafkaBroker.bootstrapServers(), workDir);
        }
    }

    private final Cluster cluster;
    private final String name;
    private final int port;
    private final Map<String, String> extraEnv;
    private Process process;
    /** Where this launch's part of the log begins. */
    private long logStart;

    private ServiceReplica(Cluster cluster, String name, Map<String, String> extraEnv) throws IOException {
        this.cluster = cluster;
        this.name = name;
        this.extraEnv = extraEnv;
        try (ServerSocket socket = new ServerSocket(0)) {
            this.port = socket.getLocalPort();
        }
    }

    /** Starts replica {@code name} and waits until it is ready. */
    public static ServiceReplica start(Cluster cluster, String name, Map<String, String> extraEnv)
            throws IOException, InterruptedException {
        ServiceReplica replica = new ServiceReplica(cluster, name, extraEnv);
        replica.launch();
        return replica;
    }

    private void launch() throws IOException, InterruptedException {
        if (!Files.isRegularFile(cluster.jar())) {
            throw new IllegalStateException(cluster.jar() + " is missing: replica tests run after the package phase.");
        }
        Path dir = cluster.workDir().resolve(name);
        Files.createDirectories(dir);
        ProcessBuilder builder = new ProcessBuilder("java", "-Xmx2g", "-jar", cluster.jar().toString())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("replica.log").toFile()));
        Map<String, String> env = builder.environment();
        env.put("HOSTNAME", name);
        // Replicas are tested here, tokens in AccessContract: these run without authentication.
        env.put("DISTILL_AUTH", "off");
        env.put("QUARKUS_HTTP_PORT", Integer.toString(port));
        env.put("DISTILL_PUBLIC_URL", url());
        env.put("DISTILL_STORE_DIR", dir.resolve("cache").toString());
        env.put("KAFKA_BOOTSTRAP_SERVERS", cluster.bootstrap());
        env.put("QUARKUS_DATASOURCE_JDBC_URL", cluster.database().jdbcUrl());
        env.put("QUARKUS_DATASOURCE_USERNAME", cluster.database().username());
        env.put("QUARKUS_DATASOURCE_PASSWORD", cluster.database().password());
        env.put("DISTILL_OBJECT_STORE_ENDPOINT", cluster.bucket().endpoint());
        env.put("DISTILL_OBJECT_STORE_BUCKET", cluster.bucket().bucket());
        env.put("AWS_ACCESS_KEY_ID", cluster.bucket().accessKeyId());
        env.put("AWS_SECRET_ACCESS_KEY", cluster.bucket().secretAccessKey());
        env.put("AWS_REGION", S3Server.REGION);
        env.putAll(extraEnv);
        logStart = Files.exists(log()) ? Files.size(log()) : 0;
        process = builder.start();
        awaitReady(Duration.ofMinutes(2));
    }

    private void awaitReady(Duration timeout) {
        try {
            await().atMost(timeout).pollInterval(Duration.ofMillis(500)).until(this::ready);
        } catch (ConditionTimeoutException e) {
            throw new IllegalStateException("Replica " + name + " was not ready within " + timeout.toSeconds()
                    + " s; see " + log(), e);
        }
    }

    /**
     * True once the replica answers ready and its log says that it listens on its port (so that the answer is
     * its own, not another server's that took the port); throws if its process has exited.
     */
    private boolean ready() {
        if (!process.isAlive()) {
            throw new IllegalStateException("Replica " + name + " exited with " + process.exitValue() + ". The end of "
                    + log() + ":\n" + logTail());
        }
        try {
            HttpURLConnection c = (HttpURLConnection) URI.create(url() + "/q/health/ready").toURL().openConnection();
            c.setConnectTimeout(1000);
            return c.getResponseCode() == 200 && listening();
        } catch (IOException notYet) {
            // Not listening yet.
            return false;
        }
    }

    private boolean listening() throws IOException {
        try (var in = Files.newInputStream(log())) {
            in.skipNBytes(logStart);
            String launched = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            return launched.contains("Listening on: http://0.0.0.0:" + port);
        }
    }

    public String name() {
        return name;
    }

    /** POSTs {@code body} as JSON to {@code path} of this replica, which must answer 202, and returns the answer. */
    public JsonNode post(String path, String body) throws IOException, InterruptedException {
        return answer(send(HttpRequest.newBuilder(URI.create(url() + path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build()), 202);
    }

    /** GETs {@code path} of this replica, which must answer 200, and returns the answer. */
    public JsonNode get(String path) throws IOException, InterruptedException {
        return answer(send(HttpRequest.newBuilder(URI.create(url() + path)).build()), 200);
    }

    /**
     * Sends {@code request} to this replica. A refused connection is tried again for a few seconds while the
     * process lives; then, or at once if it has exited, the failure says which, with the end of its log.
     */
    private HttpResponse<String> send(HttpRequest request) throws IOException, InterruptedException {
        ConnectException refused = null;
        for (int attempt = 0; attempt < REFUSALS_TRIED; attempt++) {
            try {
                return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
            } catch (ConnectException e) {
                refused = e;
                if (!process.isAlive()) {
                    break;
                }
                Thread.sleep(500);
            }
        }
        throw new AssertionError(name + " refused " + request.method() + " " + request.uri() + "; its process "
                + (process.isAlive() ? "is alive" : "exited with " + process.exitValue()) + ". The end of "
                + log() + ":\n" + logTail(), refused);
    }

    private Path log() {
        return cluster.workDir().resolve(name).resolve("replica.log");
    }

    /** The last lines of the replica's log. */
    private String logTail() {
        try {
            List<String> lines = Files.readAllLines(log());
            return String.join("\n", lines.subList(Math.max(0, lines.size() - LOG_TAIL_LINES), lines.size()));
        } catch (IOException e) {
            return "(unreadable: " + e + ")";
        }
    }

    private JsonNode answer(HttpResponse<String> response, int expected) throws IOException {
        if (response.statusCode() != expected) {
            throw new AssertionError(name + " answered " + response.request().method() + " " + response.uri()
                    + " with " + response.statusCode() + ", expected " + expected + ": " + response.body());
        }
        return Json.mapper().readTree(response.body());
    }

    public String url() {
        return "http://localhost:" + port;
    }

    /** Kills the process at once (SIGKILL): no shutdown hook, no goodbye to the cluster. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor();
    }

    /** Starts the replica again, under the same name and port, after {@link #kill()} or {@link #close()}. */
    public void restart() throws IOException, InterruptedException {
        launch();
    }

    @Override
    public void close() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroy();
            if (!process.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
    }
}
