package io.distill.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** deploy/local/postgres.sh runs a real PostgreSQL with the services' database and user, and stops it completely. */
class LocalPostgresScriptTest {


    @TempDir
    Path work;

    @Test
    void startedServerServesTheDatabaseOfTheJdbcUrlByPasswordAndStopLeavesNoProcess() throws Exception {
        int port = LocalScript.freePort();
        String url = "jdbc:postgresql://127.0.0.1:" + port + "/script_check";
        long pid;
        try {
            assertThat(run("start", url).exitCode()).isZero();
            pid = Long.parseLong(Files.readString(work.resolve("server.pid")).trim());
            assertThat(ProcessHandle.of(pid)).get().matches(ProcessHandle::isAlive);
            LocalScript.Result status = run("status", url);
            assertThat(status.exitCode()).isZero();
            assertThat(status.output()).contains("running (pid " + pid + ") on 127.0.0.1:" + port);
            // A second start finds it running and leaves it be.
            assertThat(run("start", url).output()).contains("already running (pid " + pid + ")");

            try (Connection connection = DriverManager.getConnection(url, "script_user", "script-secret");
                    Statement statement = connection.createStatement()) {
                statement.execute("CREATE TABLE job (id text PRIMARY KEY)");
                statement.execute("INSERT INTO job VALUES ('teacher-1')");
                try (ResultSet rows = statement.executeQuery(
                        "SELECT current_database(), current_user, (SELECT count(*) FROM job),"
                                + " (SELECT rolsuper FROM pg_roles WHERE rolname = current_user)")) {
                    rows.next();
                    assertThat(rows.getString(1)).isEqualTo("script_check");
                    assertThat(rows.getString(2)).isEqualTo("script_user");
                    assertThat(rows.getInt(3)).isEqualTo(1);
                    assertThat(rows.getBoolean(4)).as("the services' user is no superuser").isFalse();
                }
            }
            assertThatThrownBy(() -> DriverManager.getConnection(url, "script_user", "wrong").close())
                    .isInstanceOf(SQLException.class)
                    .hasMessageContaining("password authentication failed");
        } finally {
            assertThat(run("stop", url).exitCode()).isZero();
        }

        assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)).isFalse();
        assertThat(work.resolve("server.pid")).doesNotExist();
        assertThat(work.resolve("data")).doesNotExist();
        assertThat(LocalScript.portOpen(port)).isFalse();
        assertThat(run("status", url).exitCode()).isEqualTo(3);
    }

    private LocalScript.Result run(String command, String url) throws IOException, InterruptedException {
        // PG_PORT left unset: the script takes the port from the URL.
        return new LocalScript("postgres").run(command, Map.of("QUARKUS_DATASOURCE_JDBC_URL", url,
                "QUARKUS_DATASOURCE_USERNAME", "script_user", "QUARKUS_DATASOURCE_PASSWORD", "script-secret",
                "POSTGRES_WORK_DIR", work.toString(), "PG_PORT", ""));
    }
}
