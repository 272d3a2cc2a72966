package io.distill.server.models;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.distill.contract.json.Json;
import io.distill.contract.models.ModelSummary;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

/** The models this service published, in the database ({@code distill_models}), for {@code GET /models}. */
@ApplicationScoped
public class ModelIndex {

    /** A page of models and how many the filter selects, all pages together. */
    public record Page(List<ModelSummary> models, long total) {}

    private static final String WHERE = " where (?::text is null or job_id = ? or starts_with(job_id, ? || '-'))"
            + " and (?::text is null or job_id = ?) and (?::text is null or kind = ?)"
            + " and (?::text is null or dataset = ?)";

    private final DataSource db;

    public ModelIndex(DataSource db) {
        this.db = db;
    }

    /** Records {@code model}, replacing an earlier record of the same id. */
    public void record(ModelSummary model) {
        try (Connection c = db.getConnection(); PreparedStatement s = c.prepareStatement(
                "insert into distill_models (id, kind, job_id, dataset, created_at, body) values (?, ?, ?, ?, ?, ?::jsonb)"
                        + " on conflict (id) do update set kind = excluded.kind, job_id = excluded.job_id,"
                        + " dataset = excluded.dataset, created_at = excluded.created_at, body = excluded.body")) {
            s.setString(1, model.modelId());
            s.setString(2, model.kind());
            s.setString(3, model.jobId());
            s.setString(4, model.dataset());
            s.setTimestamp(5, Timestamp.from(model.createdAt() == null ? Instant.now() : model.createdAt()));
            s.setString(6, Json.mapper().writeValueAsString(model));
            s.executeUpdate();
        } catch (SQLException | JsonProcessingException e) {
            throw new IllegalStateException("Cannot record model " + model.modelId() + " in the database: "
                    + e.getMessage(), e);
        }
    }

    /** The models {@code filter} selects, oldest first, a page of them. */
    public Page list(ModelFilter filter) {
        String[] parameters = {filter.run(), filter.run(), filter.run(), filter.job(), filter.job(), filter.kind(),
            filter.kind(), filter.dataset(), filter.dataset()};
        try (Connection c = db.getConnection()) {
            long total;
            try (PreparedStatement s = c.prepareStatement("select count(*) from distill_models" + WHERE)) {
                bind(s, parameters);
                try (ResultSet rows = s.executeQuery()) {
                    rows.next();
                    total = rows.getLong(1);
                }
            }
            List<ModelSummary> models = new ArrayList<>();
            try (PreparedStatement s = c.prepareStatement(
                    "select body from distill_models" + WHERE + " order by created_at, id limit ? offset ?")) {
                bind(s, parameters);
                s.setInt(parameters.length + 1, filter.limit());
                s.setInt(parameters.length + 2, filter.offset());
                try (ResultSet rows = s.executeQuery()) {
                    while (rows.next()) {
                        models.add(Json.mapper().readValue(rows.getString(1), ModelSummary.class));
                    }
                }
            }
            return new Page(models, total);
        } catch (SQLException | JsonProcessingException e) {
            throw new IllegalStateException("Cannot list models in the database: " + e.getMessage(), e);
        }
    }

    private static void bind(PreparedStatement s, String... parameters) throws SQLException {
        for (int i = 0; i < parameters.length; i++) {
            s.setString(i + 1, parameters[i]);
        }
    }
}
