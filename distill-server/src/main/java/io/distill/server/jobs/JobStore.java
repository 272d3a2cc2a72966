package io.distill.server.jobs;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.distill.contract.jobs.Job;
import io.distill.contract.jobs.JobState;
import io.distill.contract.json.Json;
import io.distill.server.problems.UnknownIdException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Provider;
import jakarta.transaction.Transactional;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;
import javax.sql.DataSource;

/**
 * The service's job records, in its schema of the shared PostgreSQL database, so that every replica
 * sees every job. A change is read-modify-write under a row lock, so two replicas never lose each
 * other's updates. A row's request is read once, here, as the record of the row's kind.
 */
@ApplicationScoped
public class JobStore {

    private static final String INSERT = "insert into distill_jobs (id, kind, parent_id, state, created_at,"
            + " updated_at, body) values (?, ?, ?, ?, ?, ?, ?::jsonb)";
    private static final String FINAL = "('SUCCEEDED', 'FAILED', 'CANCELLED')";

    private final DataSource db;
    // Asked at each read, not at construction: the service's kinds are its JobControl, which needs this store.
    private final Provider<JobKinds> kinds;

    public JobStore(DataSource db, Provider<JobKinds> kinds) {
        this.db = db;
        this.kinds = kinds;
    }

    public Optional<Job> get(String id) {
        List<Job> found = query("select kind, body from distill_jobs where id = ?", id);
        return found.stream().findFirst();
    }

    /** Every job, oldest first. */
    public List<Job> list() {
        return query("select kind, body from distill_jobs order by created_at, id");
    }

    /**
     * A page of the jobs {@code filter} selects, oldest first, and how many it selects in all.
     *
     * @param jobs  the page: at most {@code filter.limit()} jobs after the first {@code filter.offset()}
     * @param total every job the filter selects
     */
    public record Page(List<Job> jobs, long total) {}

    /** The jobs {@code filter} selects, oldest first, a page of them. */
    public Page list(JobFilter filter) {
        String where = " where (?::text is null or id = ? or starts_with(id, ? || '-'))"
                + " and (?::text is null or state = ?) and (?::text is null or kind = ?)";
        String state = filter.state() == null ? null : filter.state().name();
        String[] parameters = {filter.run(), filter.run(), filter.run(), state, state, filter.kind(), filter.kind()};
        long total;
        try (Connection c = db.getConnection();
                PreparedStatement s = c.prepareStatement("select count(*) from distill_jobs" + where)) {
            bind(s, parameters);
            try (ResultSet rows = s.executeQuery()) {
                rows.next();
                total = rows.getLong(1);
            }
        } catch (SQLException e) {
            throw failure("count jobs", e);
        }
        try (Connection c = db.getConnection(); PreparedStatement s = c.prepareStatement(
                "select kind, body from distill_jobs" + where + " order by created_at, id limit ? offset ?")) {
            bind(s, parameters);
            s.setInt(parameters.length + 1, filter.limit());
            s.setInt(parameters.length + 2, filter.offset());
            return new Page(read(s), total);
        } catch (SQLException | JsonProcessingException e) {
            throw failure("read jobs", e);
        }
    }

    private static void bind(PreparedStatement s, String... parameters) throws SQLException {
        for (int i = 0; i < parameters.length; i++) {
            s.setString(i + 1, parameters[i]);
        }
    }

    /** The jobs that {@code parentId} fanned out into, oldest first. */
    public List<Job> children(String parentId) {
        return query("select kind, body from distill_jobs where parent_id = ? order by created_at, id", parentId);
    }

    /** How many jobs are in each state. */
    public Map<JobState, Long> countByState() {
        Map<JobState, Long> counts = new EnumMap<>(JobState.class);
        for (JobState state : JobState.values()) {
            counts.put(state, 0L);
        }
        try (Connection c = db.getConnection();
                PreparedStatement s = c.prepareStatement("select state, count(*) from distill_jobs group by state");
                ResultSet rows = s.executeQuery()) {
            while (rows.next()) {
                counts.put(JobState.valueOf(rows.getString(1)), rows.getLong(2));
            }
        } catch (SQLException e) {
            throw failure("count jobs", e);
        }
        return counts;
    }

    /** Stores a new job unless one with its id exists; true when this call stored it. */
    @Transactional
    public boolean insert(Job job) {
        return execute(INSERT + " on conflict (id) do nothing", job) == 1;
    }

    /**
     * Stores the job, replacing any earlier version of it. A change of state makes its result
     * unannounced again, in the same statement: see {@link #announcePending}.
     */
    @Transactional
    public Job save(Job job) {
        execute(INSERT + " on conflict (id) do update set parent_id = excluded.parent_id, state = excluded.state,"
                + " updated_at = excluded.updated_at, body = excluded.body,"
                + " result_announced = distill_jobs.result_announced and distill_jobs.state = excluded.state", job);
        return job;
    }

    /** Notes that the broker has acknowledged final job {@code id}'s JobResult. */
    @Transactional
    public void markAnnounced(String id) {
        try (Connection c = db.getConnection();
                PreparedStatement s = c.prepareStatement(
                        "update distill_jobs set result_announced = true where id = ? and state in " + FINAL)) {
            s.setString(1, id);
            s.executeUpdate();
        } catch (SQLException e) {
            throw failure("mark job " + id + " announced", e);
        }
    }

    /**
     * Final jobs whose JobResult the broker has not acknowledged and that ended before {@code before},
     * at most {@code limit}, oldest first: each is handed to {@code announce} under its row lock, so
     * that no other replica sends it at the same time, and is marked announced when that returns true.
     * Rows another replica holds are skipped. Returns how many were announced.
     */
    @Transactional
    public int announcePending(Instant before, int limit, Predicate<Job> announce) {
        List<Job> pending;
        try (Connection c = db.getConnection();
                PreparedStatement s = c.prepareStatement("select kind, body from distill_jobs"
                        + " where not result_announced and state in " + FINAL + " and updated_at < ?"
                        + " order by updated_at limit ? for update skip locked")) {
            s.setTimestamp(1, Timestamp.from(before));
            s.setInt(2, limit);
            pending = read(s);
        } catch (SQLException | JsonProcessingException e) {
            throw failure("read unannounced jobs", e);
        }
        int announced = 0;
        for (Job job : pending) {
            if (announce.test(job)) {
                markAnnounced(job.id());
                announced++;
            }
        }
        return announced;
    }

    /** Applies {@code change} to the stored job under a row lock and saves the result. */
    @Transactional
    public Job update(String id, UnaryOperator<Job> change) {
        return updateIf(id, j -> true, change).orElseThrow();
    }

    /**
     * Applies {@code change} to the stored job and saves the result if, under its row lock, the job is
     * as {@code when} asks; returns the changed job, or empty when it was not. Two calls at once change
     * it once.
     */
    @Transactional
    public Optional<Job> updateIf(String id, Predicate<Job> when, UnaryOperator<Job> change) {
        List<Job> current = query("select kind, body from distill_jobs where id = ? for update", id);
        if (current.isEmpty()) {
            throw new UnknownIdException("job", id);
        }
        return when.test(current.get(0)) ? Optional.of(save(change.apply(current.get(0)))) : Optional.empty();
    }

    /** Marks the job as cancelled by a user; the replica that runs it stops at its next check. */
    @Transactional
    public void requestCancel(String id) {
        try (Connection c = db.getConnection();
                PreparedStatement s = c.prepareStatement(
                        "update distill_jobs set cancel_requested = true where id = ? or parent_id = ?")) {
            s.setString(1, id);
            s.setString(2, id);
            s.executeUpdate();
        } catch (SQLException e) {
            throw failure("cancel job " + id, e);
        }
    }

    public boolean isCancelRequested(String id) {
        try (Connection c = db.getConnection();
                PreparedStatement s = c.prepareStatement("select cancel_requested from distill_jobs where id = ?")) {
            s.setString(1, id);
            try (ResultSet rows = s.executeQuery()) {
                return rows.next() && rows.getBoolean(1);
            }
        } catch (SQLException e) {
            throw failure("read job " + id, e);
        }
    }

    private int execute(String sql, Job job) {
        try (Connection c = db.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
            s.setString(1, job.id());
            s.setString(2, job.kind());
            s.setString(3, job.parentId());
            s.setString(4, job.state().name());
            s.setTimestamp(5, Timestamp.from(job.createdAt()));
            s.setTimestamp(6, Timestamp.from(job.updatedAt()));
            s.setString(7, Json.mapper().writeValueAsString(job));
            return s.executeUpdate();
        } catch (SQLException | JsonProcessingException e) {
            throw failure("store job " + job.id(), e);
        }
    }

    private List<Job> query(String sql, String... parameters) {
        try (Connection c = db.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
            bind(s, parameters);
            return read(s);
        } catch (SQLException | JsonProcessingException e) {
            throw failure("read jobs", e);
        }
    }

    private List<Job> read(PreparedStatement query) throws SQLException, JsonProcessingException {
        List<Job> jobs = new ArrayList<>();
        try (ResultSet rows = query.executeQuery()) {
            while (rows.next()) {
                JobKind<?> kind = kinds.get().kind(rows.getString(1));
                ObjectNode body = (ObjectNode) Json.mapper().readTree(rows.getString(2));
                // The column chose the request's record, so the job is of that kind.
                body.put("kind", kind.name());
                jobs.add(Json.mapper().treeToValue(body, Job.class).withRequest(kind.read(body.get("request"))));
            }
        }
        return jobs;
    }

    static IllegalStateException failure(String what, Exception e) {
        return new IllegalStateException("Cannot " + what + " in the database: " + e.getMessage(), e);
    }
}
