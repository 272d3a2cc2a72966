package io.distill.server.jobs;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.distill.contract.jobs.JobEpoch;
import io.distill.contract.json.Json;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

/** Jobs' per-epoch history in the database ({@code distill_job_epochs}), beside their records. */
@ApplicationScoped
public class JobEpochs {

    private final DataSource db;

    public JobEpochs(DataSource db) {
        this.db = db;
    }

    /** Records an epoch of job {@code jobId}, replacing an earlier record of the same epoch. */
    public void record(String jobId, JobEpoch epoch) {
        try (Connection c = db.getConnection();
                PreparedStatement s = c.prepareStatement("insert into distill_job_epochs (job_id, epoch, body)"
                        + " values (?, ?, ?::jsonb) on conflict (job_id, epoch) do update set body = excluded.body")) {
            s.setString(1, jobId);
            s.setInt(2, epoch.epoch());
            s.setString(3, Json.mapper().writeValueAsString(epoch));
            s.executeUpdate();
        } catch (SQLException | JsonProcessingException e) {
            throw JobStore.failure("record epoch " + epoch.epoch() + " of job " + jobId, e);
        }
    }

    /** Job {@code jobId}'s epochs, first to last; empty for a job that has trained none. */
    public List<JobEpoch> of(String jobId) {
        List<JobEpoch> epochs = new ArrayList<>();
        try (Connection c = db.getConnection();
                PreparedStatement s = c.prepareStatement(
                        "select body from distill_job_epochs where job_id = ? order by epoch")) {
            s.setString(1, jobId);
            try (ResultSet rows = s.executeQuery()) {
                while (rows.next()) {
                    epochs.add(Json.mapper().readValue(rows.getString(1), JobEpoch.class));
                }
            }
        } catch (SQLException | JsonProcessingException e) {
            throw JobStore.failure("read the epochs of job " + jobId, e);
        }
        return epochs;
    }
}
