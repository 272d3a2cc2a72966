package io.distill.testkit;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A PostgreSQL server or an object store started by its deploy/local script, on a port and in a
 * folder of its own, that a test can stop and start again with its data kept: an outage as an
 * operator's restart makes it, for the services under test.
 */
public final class LocalServer implements AutoCloseable {

    private static final String PASSWORD = "outage-test";

    private final String script;
    private final int port;
    private final Map<String, String> env = new HashMap<>();

    private LocalServer(String script, Path workDir) throws IOException {
        this.script = script;
        try (ServerSocket socket = new ServerSocket(0)) {
            this.port = socket.getLocalPort();
        }
        Files.createDirectories(workDir);
        if (script.equals("postgres")) {
            env.put("QUARKUS_DATASOURCE_JDBC_URL", database().jdbcUrl());
            env.put("QUARKUS_DATASOURCE_USERNAME", database().username());
            env.put("QUARKUS_DATASOURCE_PASSWORD", PASSWORD);
            env.put("POSTGRES_WORK_DIR", workDir.toString());
            env.put("POSTGRES_KEEP_DATA", "1");
        } else {
            env.put("S3_PORT", Integer.toString(port));
            env.put("S3_WORK_DIR", workDir.toString());
            env.put("S3_KEEP_DATA", "1");
            env.put("DISTILL_OBJECT_STORE_BUCKET", bucket().bucket());
            env.put("AWS_ACCESS_KEY_ID", bucket().accessKeyId());
            env.put("AWS_SECRET_ACCESS_KEY", PASSWORD);
        }
    }

    /** deploy/local/postgres.sh's server, started, in {@code workDir}. */
    public static LocalServer postgres(Path workDir) throws IOException, InterruptedException {
        LocalServer server = new LocalServer("postgres", workDir);
        server.start();
        return server;
    }

    /** deploy/local/s3.sh's object store, started, in {@code workDir}. */
    public static LocalServer objectStore(Path workDir) throws IOException, InterruptedException {
        LocalServer server = new LocalServer("s3", workDir);
        server.start();
        return server;
    }

    /** The database a service uses on this PostgreSQL server. */
    public Postgres.Database database() {
        return new Postgres.Database("jdbc:postgresql://127.0.0.1:" + port + "/distill", "distill", PASSWORD);
    }

    /** The bucket a service uses on this object store. */
    public S3Server.Bucket bucket() {
        return new S3Server.Bucket("http://127.0.0.1:" + port, "distill", "distill", PASSWORD);
    }

    /** Starts the server (again), with the data it had; returns once it accepts connections. */
    public void start() throws IOException, InterruptedException {
        run("start");
    }

    /** Stops the server, keeping its data. */
    public void stop() throws IOException, InterruptedException {
        run("stop");
    }

    private void run(String command) throws IOException, InterruptedException {
        Path path = Path.of("..", "deploy", "local", script + ".sh").toAbsolutePath().normalize();
        ProcessBuilder builder = new ProcessBuilder("bash", path.toString(), command).redirectErrorStream(true);
        builder.environment().putAll(env);
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes());
        if (!process.waitFor(180, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new IllegalStateException(script + ".sh " + command + " failed: " + output);
        }
    }

    @Override
    public void close() throws IOException, InterruptedException {
        env.put("POSTGRES_KEEP_DATA", "0");
        env.put("S3_KEEP_DATA", "0");
        run("stop");
    }
}
