package io.distill.server.health;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.distill.contract.health.Replica;
import io.distill.contract.health.ReplicaBuilder;
import io.distill.contract.json.Json;
import io.distill.server.config.DistillConfig;
import io.distill.server.runtime.EngineRuntime;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * The replicas of this service: each reports itself to the shared database every 5 s (on every replica,
 * not once per cluster), so that any replica can list them all ({@code GET /replicas}).
 */
@ApplicationScoped
public class Replicas {

    /** A replica whose last report is older than this is not live. */
    static final Duration LIVE = Duration.ofSeconds(20);
    /** A replica that stopped reporting is listed, not live, this long. */
    static final Duration KEPT = Duration.ofHours(1);
    private static final Logger LOG = Logger.getLogger(Replicas.class);

    private final DataSource db;
    private final String instance;
    private final String version;
    private final EngineRuntime runtime;
    private final Instant startedAt = Instant.now();

    public Replicas(DataSource db, DistillConfig config, EngineRuntime runtime,
            @ConfigProperty(name = "quarkus.application.version") String version) {
        this.db = db;
        this.instance = config.instanceId();
        this.version = version;
        this.runtime = runtime;
    }

    /** Reports this replica; a database that is away skips a report, which the next one makes up. */
    @Scheduled(identity = "distill-replica-report", every = "5s", executeWith = Scheduled.SIMPLE,
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void report() {
        Instant now = Instant.now();
        Replica me = ReplicaBuilder.builder().instance(instance).live(true).startedAt(startedAt).seenAt(now)
                .device(runtime.problem() == null ? runtime.device().toString() : runtime.problem()).version(version)
                .build();
        try (Connection c = db.getConnection(); PreparedStatement s = c.prepareStatement(
                "insert into distill_replicas (instance, seen_at, body) values (?, ?, ?::jsonb) on conflict (instance)"
                        + " do update set seen_at = excluded.seen_at, body = excluded.body")) {
            s.setString(1, instance);
            s.setTimestamp(2, Timestamp.from(now));
            s.setString(3, Json.mapper().writeValueAsString(me));
            s.executeUpdate();
        } catch (SQLException | JsonProcessingException e) {
            LOG.debugf("Replica %s not reported this time: %s", instance, e.getMessage());
        }
    }

    /** A replica that stops gracefully leaves the list at once. */
    void stopped(@Observes ShutdownEvent event) {
        try (Connection c = db.getConnection();
                PreparedStatement s = c.prepareStatement("delete from distill_replicas where instance = ?")) {
            s.setString(1, instance);
            s.executeUpdate();
        } catch (SQLException e) {
            LOG.debugf("Replica %s not removed from the list; it ages out: %s", instance, e.getMessage());
        }
    }

    /** Every replica that reported in the last hour, by id, each live or not. */
    public List<Replica> list() {
        Instant now = Instant.now();
        List<Replica> replicas = new ArrayList<>();
        try (Connection c = db.getConnection()) {
            try (PreparedStatement s = c.prepareStatement("delete from distill_replicas where seen_at < ?")) {
                s.setTimestamp(1, Timestamp.from(now.minus(KEPT)));
                s.executeUpdate();
            }
            try (PreparedStatement s = c.prepareStatement("select body from distill_replicas order by instance");
                    ResultSet rows = s.executeQuery()) {
                while (rows.next()) {
                    Replica r = Json.mapper().readValue(rows.getString(1), Replica.class);
                    replicas.add(ReplicaBuilder.builder(r).live(r.seenAt().isAfter(now.minus(LIVE))).build());
                }
            }
        } catch (SQLException | JsonProcessingException e) {
            throw new IllegalStateException("Cannot list the replicas in the database: " + e.getMessage(), e);
        }
        return replicas;
    }
}
