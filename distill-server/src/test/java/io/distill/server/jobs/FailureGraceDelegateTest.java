package io.distill.server.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.quartz.impl.jdbcjobstore.JobStoreCMT;
import org.quartz.impl.jdbcjobstore.SchedulerStateRecord;

class FailureGraceDelegateTest {

    /** Quartz's own rule, as the clustered job store applies it to the records it selects. */
    static final class QuartzRule extends JobStoreCMT {
        QuartzRule(long ownLastCheckin) {
            lastCheckin = ownLastCheckin;
        }

        long failedIfAfter(SchedulerStateRecord replica) {
            return calcFailedIfAfter(replica);
        }
    }

    static SchedulerStateRecord replica(long checkin, long interval) {
        SchedulerStateRecord replica = new SchedulerStateRecord();
        replica.setSchedulerInstanceId("teacher-a");
        replica.setCheckinTimestamp(checkin);
        replica.setCheckinInterval(interval);
        return replica;
    }

    /** A replica's record that checked in at {@code checkin} every 2 s, as a 4 s grace presents it. */
    static SchedulerStateRecord seenWithAGraceOf4s(long checkin) {
        FailureGraceDelegate delegate = new FailureGraceDelegate(Duration.ofSeconds(4));
        return delegate.withGrace(new ArrayList<>(List.of(replica(checkin, 2_000)))).get(0);
    }

    @Test
    void quartzTakesAReplicaForDeadAfterTheIntervalAndTheGraceSetHere() {
        long now = System.currentTimeMillis();
        long checkin = now - 3_000;
        QuartzRule rule = new QuartzRule(now);

        assertEquals(checkin + 2_000 + 4_000, rule.failedIfAfter(seenWithAGraceOf4s(checkin)));
        assertEquals(checkin + 2_000 + 7_500, rule.failedIfAfter(replica(checkin, 2_000)), "Quartz's own grace");
    }

    @Test
    void aSurvivorThatMissedItsOwnCheckInsStillStretchesTheIntervalSoADatabaseOutageKillsNoReplica() {
        long now = System.currentTimeMillis();
        long checkin = now - 20_000;
        QuartzRule rule = new QuartzRule(checkin);

        long failedIfAfter = rule.failedIfAfter(seenWithAGraceOf4s(checkin));
        assertTrue(failedIfAfter > now, "taken for dead at " + failedIfAfter + ", now " + now);
    }

    @Test
    void aNegativeGraceIsRefusedNamingTheSetting() {
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                () -> new FailureGraceDelegate(Duration.ofSeconds(-1)));
        assertTrue(refused.getMessage().contains("DISTILL_JOBS_FAILURE_GRACE"), refused.getMessage());
    }
}
