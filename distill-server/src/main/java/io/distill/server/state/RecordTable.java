package io.distill.server.state;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.distill.contract.json.Json;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import javax.sql.DataSource;

/**
 * One kind of record that a service learns from a topic (known teachers, generalists, transfer-set
 * manifests), kept as JSON in its schema's {@code distill_records} table so that every replica
 * knows what any replica's consumer has read. A record with the same id replaces the earlier one.
 */
public final class RecordTable<T> {

    private final DataSource db;
    private final String kind;
    private final Class<T> type;
    private final Function<T, String> id;

    public RecordTable(DataSource db, String kind, Class<T> type, Function<T, String> id) {
        this.db = db;
        this.kind = kind;
        this.type = type;
        this.id = id;
    }

    /** Stores the record, replacing one with the same id. */
    public void put(T record) {
        String sql = "insert into distill_records (kind, id, body, updated_at) values (?, ?, ?::jsonb, ?)"
                + " on conflict (kind, id) do update set body = excluded.body, updated_at = excluded.updated_at";
        try (Connection c = db.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
            s.setString(1, kind);
            s.setString(2, id.apply(record));
            s.setString(3, Json.mapper().writeValueAsString(record));
            s.setTimestamp(4, Timestamp.from(Instant.now()));
            s.executeUpdate();
        } catch (SQLException | JsonProcessingException e) {
            throw failure("store " + kind + " " + id.apply(record), e);
        }
    }

    public Optional<T> get(String recordId) {
        return query("select body from distill_records where kind = ? and id = ?", recordId).stream().findFirst();
    }

    /** Every record of this kind, in the order they were last written. */
    public List<T> list() {
        return query("select body from distill_records where kind = ? order by updated_at, id");
    }

    private List<T> query(String sql, String... more) {
        try (Connection c = db.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
            s.setString(1, kind);
            for (int i = 0; i < more.length; i++) {
                s.setString(i + 2, more[i]);
            }
            List<T> records = new ArrayList<>();
            try (ResultSet rows = s.executeQuery()) {
                while (rows.next()) {
                    records.add(Json.mapper().readValue(rows.getString(1), type));
                }
            }
            return records;
        } catch (SQLException | JsonProcessingException e) {
            throw failure("read " + kind + " records", e);
        }
    }

    private static IllegalStateException failure(String what, Exception e) {
        return new IllegalStateException("Cannot " + what + " in the database: " + e.getMessage(), e);
    }
}
