package io.distill.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.distill.testkit.Postgres.Database;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The test PostgreSQL server is real: SQL round trips work, each fresh database starts empty, passwords count. */
class PostgresTest {

    @Test
    void freshDatabaseKeepsWhatItsOwnerWrites() throws SQLException {
        Database database = Postgres.freshDatabase();

        try (Connection connection = connect(database); Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE job (id text PRIMARY KEY, state text NOT NULL)");
            statement.execute("INSERT INTO job VALUES ('teacher-1', 'RUNNING')");
            try (ResultSet rows = statement.executeQuery("SELECT state, current_user FROM job WHERE id = 'teacher-1'")) {
                assertThat(rows.next()).isTrue();
                assertThat(rows.getString(1)).isEqualTo("RUNNING");
                assertThat(rows.getString(2)).isEqualTo(database.username());
            }
        }
    }

    @Test
    void twoFreshDatabasesAreSeparate() throws SQLException {
        Database first = Postgres.freshDatabase();
        Database second = Postgres.freshDatabase();
        assertThat(first.jdbcUrl()).isNotEqualTo(second.jdbcUrl());

        try (Connection connection = connect(first); Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE only_in_first (id int)");
        }
        try (Connection connection = connect(second); Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery(
                        "SELECT count(*) FROM information_schema.tables WHERE table_schema = 'public'")) {
            rows.next();
            assertThat(rows.getInt(1)).isZero();
        }
    }

    @Test
    void wrongPasswordIsRefused() {
        Database database = Postgres.freshDatabase();

        assertThatThrownBy(() -> DriverManager.getConnection(database.jdbcUrl(), database.username(), "wrong").close())
                .isInstanceOf(SQLException.class)
                .hasMessageContaining("password authentication failed");
    }

    @Test
    void everyStartHandsQuarkusANewDatabase() {
        Map<String, String> first = new Postgres().start();
        Map<String, String> second = new Postgres().start();

        assertThat(first).containsOnlyKeys("quarkus.datasource.db-kind", "quarkus.datasource.jdbc.url",
                "quarkus.datasource.username", "quarkus.datasource.password");
        assertThat(first).containsEntry("quarkus.datasource.db-kind", "postgresql");
        assertThat(first.get("quarkus.datasource.jdbc.url")).startsWith("jdbc:postgresql://127.0.0.1:");
        assertThat(second.get("quarkus.datasource.jdbc.url")).isNotEqualTo(first.get("quarkus.datasource.jdbc.url"));
    }

    private static Connection connect(Database database) throws SQLException {
        return DriverManager.getConnection(database.jdbcUrl(), database.username(), database.password());
    }
}
