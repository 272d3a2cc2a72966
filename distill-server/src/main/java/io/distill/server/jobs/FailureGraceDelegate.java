package io.distill.server.jobs;

import io.distill.server.config.DistillConfig;
import io.quarkus.quartz.runtime.jdbc.QuarkusPostgreSQLDelegate;
import io.smallrye.config.SmallRyeConfig;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import org.eclipse.microprofile.config.ConfigProvider;
import org.quartz.impl.jdbcjobstore.SchedulerStateRecord;

/**
 * Quarkus's PostgreSQL delegate for Quartz, with the failure grace of the clustered scheduler as a
 * setting ({@code distill.jobs.failure-grace}).
 *
 * <p>Quartz takes a replica for dead once its last check-in is older than the check-in interval
 * plus a grace, and then fires the jobs the replica ran on a survivor. Quartz fixes that grace at
 * 7.5 s, which alone keeps every takeover above 7.5 s, whatever the interval; and Quarkus picks the
 * job store itself, so it cannot be a subclass that overrides the rule. The rule reads each
 * replica's check-in time from the records this delegate selects, and nothing else of Quartz reads
 * them (Quartz 2.5): reporting every check-in {@code 7.5 s - grace} earlier than it was makes the
 * rule's grace the one set here.
 *
 * <p>The grace must exceed the clock skew between replicas (a check-in time is its replica's own
 * clock) and the longest pause of a replica's check-in (a long garbage collection, a slow
 * database). A replica taken for dead while it still runs a job loses the job to the survivor at its
 * next epoch: the attempt number fences it ({@link JobTakenOverException}), so work is lost, not
 * corrupted. An outage of the database is not such a case: every replica then misses its check-ins
 * together, and Quartz stretches the interval by the time since the survivor's own last check-in.
 */
public class FailureGraceDelegate extends QuarkusPostgreSQLDelegate {

    /** The grace built into Quartz's rule. */
    static final Duration QUARTZ_GRACE = Duration.ofMillis(7_500);

    private final long shiftMillis;

    /** As Quartz makes it: with the grace of the service's configuration. */
    public FailureGraceDelegate() {
        this(ConfigProvider.getConfig().unwrap(SmallRyeConfig.class).getConfigMapping(DistillConfig.class)
                .jobs().failureGrace());
    }

    FailureGraceDelegate(Duration grace) {
        if (grace.isNegative()) {
            throw new IllegalArgumentException("distill.jobs.failure-grace (DISTILL_JOBS_FAILURE_GRACE) must not be"
                    + " negative: " + grace);
        }
        this.shiftMillis = QUARTZ_GRACE.minus(grace).toMillis();
    }

    @Override
    public List<SchedulerStateRecord> selectSchedulerStateRecords(Connection conn, String instanceId)
            throws SQLException {
        return withGrace(super.selectSchedulerStateRecords(conn, instanceId));
    }

    /** The replicas' records, each check-in moved so that Quartz's rule applies this grace. */
    List<SchedulerStateRecord> withGrace(List<SchedulerStateRecord> replicas) {
        replicas.forEach(replica -> replica.setCheckinTimestamp(replica.getCheckinTimestamp() - shiftMillis));
        return replicas;
    }
}
