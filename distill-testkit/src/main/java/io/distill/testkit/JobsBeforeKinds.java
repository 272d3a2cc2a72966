package io.distill.testkit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.distill.contract.json.Json;
import io.distill.server.jobs.JobKind;
import io.distill.server.jobs.JobKinds;
import io.distill.server.jobs.JobStore;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationVersion;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * A service's job rows as it stored them before jobs had kinds (migration 4), upgraded by the
 * service's migrations in a fresh database, and the store that reads them: what a replica finds
 * after an upgrade. Plain JDBC and Flyway, no application: a test of one service's migrations.
 */
public final class JobsBeforeKinds {

    /** The last migration before kinds. */
    private static final String BEFORE = "3";
    private static final String SCHEMA = "upgraded";

    /** A row as it was stored before kinds: no kind, and the request's JSON as it was written. */
    public record Row(String id, String parentId, String state, String request) {}

    private JobsBeforeKinds() {}

    /** Stores {@code rows} as they were, runs the migrations that follow, and reads them as {@code kinds}. */
    public static JobStore upgrade(List<JobKind<?>> kinds, Row... rows) {
        Postgres.Database database = Postgres.freshDatabase();
        migrate(database, MigrationVersion.fromVersion(BEFORE));
        PGSimpleDataSource db = new PGSimpleDataSource();
        db.setUrl(database.jdbcUrl());
        db.setUser(database.username());
        db.setPassword(database.password());
        db.setCurrentSchema(SCHEMA);
        try (Connection c = db.getConnection(); PreparedStatement s = c.prepareStatement("insert into distill_jobs"
                + " (id, parent_id, state, created_at, updated_at, body) values (?, ?, ?, ?, ?, ?::jsonb)")) {
            for (Row row : rows) {
                Instant at = Instant.parse("2026-11-30T10:00:00Z");
                s.setString(1, row.id());
                s.setString(2, row.parentId());
                s.setString(3, row.state());
                s.setTimestamp(4, Timestamp.from(at));
                s.setTimestamp(5, Timestamp.from(at));
                s.setString(6, body(row, at).toString());
                s.executeUpdate();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Storing the rows before kinds failed: " + e.getMessage(), e);
        }
        migrate(database, MigrationVersion.LATEST);
        Map<String, JobKind<?>> byName = kinds.stream().collect(Collectors.toMap(JobKind::name, Function.identity()));
        JobKinds service = name -> {
            if (!byName.containsKey(name)) {
                throw new IllegalStateException("No job kind " + name + " in " + byName.keySet());
            }
            return byName.get(name);
        };
        return new JobStore(db, () -> service);
    }

    /** The body as the job record of that time wrote it. */
    private static ObjectNode body(Row row, Instant at) {
        try {
            ObjectNode body = Json.mapper().createObjectNode().put("id", row.id()).put("state", row.state())
                    .put("epoch", 0).put("epochs", 1).put("progress", 0.0).put("examplesPerSecond", 0.0)
                    .putNull("error").put("createdAt", at.toString()).put("updatedAt", at.toString())
                    .putNull("instance").put("attempts", 0).put("parentId", row.parentId());
            body.putObject("metrics");
            body.set("request", Json.mapper().readTree(row.request()));
            body.putArray("modelIds");
            body.putArray("children");
            return body;
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("Row " + row.id() + " has no JSON request: " + e.getMessage(), e);
        }
    }

    private static void migrate(Postgres.Database database, MigrationVersion target) {
        Flyway.configure().dataSource(database.jdbcUrl(), database.username(), database.password())
                .schemas(SCHEMA).locations("classpath:db/migration").target(target).load().migrate();
    }
}
