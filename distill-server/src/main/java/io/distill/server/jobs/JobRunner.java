package io.distill.server.jobs;

import io.distill.contract.jobs.Job;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.interceptor.Interceptor;
import jakarta.transaction.Transactional;
import java.time.Duration;
import java.util.Date;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;
import org.quartz.JobBuilder;
import org.quartz.JobDetail;
import org.quartz.JobKey;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.quartz.SimpleScheduleBuilder;
import org.quartz.TriggerBuilder;

/**
 * Hands jobs to the clustered Quartz scheduler that every replica of the service shares through
 * the database. Quartz gives each firing to exactly one replica with a free worker, and when a
 * replica stops checking in it re-fires that replica's jobs on another ({@code requestRecovery}).
 * It also tells a running job, on whichever replica, that a user cancelled it, and tells this
 * replica's running jobs that the replica is shutting down.
 */
@ApplicationScoped
public class JobRunner {

    private static final Logger LOG = Logger.getLogger(JobRunner.class);
    private static final long CANCEL_CHECK_NANOS = 1_000_000_000L;

    private final Scheduler quartz;
    private final JobStore store;
    private final String group;
    private final Map<String, long[]> cancelChecked = new ConcurrentHashMap<>();
    private volatile boolean stopping;

    public JobRunner(Scheduler quartz, JobStore store, @ConfigProperty(name = "quarkus.application.name") String service) {
        this.quartz = quartz;
        this.store = store;
        this.group = service;
    }

    /**
     * Asks the cluster to run job {@code id} (again): its durable Quartz job is stored or kept, and one
     * more trigger fires it now, or as soon as a worker is free. Runs in the caller's transaction, so a
     * job record and its trigger are stored together or not at all.
     */
    @Transactional
    public void queue(String id) {
        queueAt(id, new Date());
    }

    /** Asks the cluster to run job {@code id} again after {@code delay}, as {@link #queue} does now. */
    @Transactional
    public void queueAfter(String id, Duration delay) {
        queueAt(id, new Date(System.currentTimeMillis() + delay.toMillis()));
    }

    private void queueAt(String id, Date start) {
        JobKey key = JobKey.jobKey(id, group);
        JobDetail detail = JobBuilder.newJob(RunJob.class).withIdentity(key).usingJobData(RunJob.JOB_ID, id)
                .storeDurably().requestRecovery().build();
        try {
            quartz.addJob(detail, true);
            quartz.scheduleJob(TriggerBuilder.newTrigger().withIdentity(id + "@" + UUID.randomUUID(), group)
                    .forJob(key).startAt(start)
                    .withSchedule(SimpleScheduleBuilder.simpleSchedule().withMisfireHandlingInstructionFireNow())
                    .build());
        } catch (SchedulerException e) {
            throw new IllegalStateException("Cannot queue job " + id + " on the scheduler: " + e.getMessage(), e);
        }
    }

    /** Stores a new job and queues it in one transaction, unless its id exists; true when it was new. */
    @Transactional
    public boolean create(Job job) {
        if (!store.insert(job)) {
            return false;
        }
        queue(job.id());
        return true;
    }

    /**
     * Changes job {@code id} and queues it again, in one transaction, if under its row lock it is as
     * {@code when} asks; returns it as changed, or empty when it was not. Two calls at once queue it once.
     */
    @Transactional
    public Optional<Job> requeueIf(String id, Predicate<Job> when, UnaryOperator<Job> change) {
        Optional<Job> changed = store.updateIf(id, when, change);
        changed.ifPresent(job -> queue(id));
        return changed;
    }

    /**
     * Removes a finished job from the scheduler. Another replica may be firing or completing one of
     * its triggers at that moment (a parent woken by two children at once), and Quartz then refuses
     * the delete; callers treat that as housekeeping left for later ({@link JobControl}).
     */
    @Transactional
    public void forget(String id) {
        cancelChecked.remove(id);
        try {
            quartz.deleteJob(JobKey.jobKey(id, group));
        } catch (SchedulerException e) {
            throw new IllegalStateException("Cannot remove job " + id + " from the scheduler: " + e.getMessage(), e);
        }
    }

    /**
     * Whether job {@code id} should stop now: a user cancelled it (the database is asked at most once a
     * second per job), or this replica is shutting down ({@link #isStopping()}).
     */
    public boolean shouldStop(String id) {
        if (stopping) {
            return true;
        }
        long now = System.nanoTime();
        long[] last = cancelChecked.computeIfAbsent(id, k -> new long[] {now - 2 * CANCEL_CHECK_NANOS, 0});
        synchronized (last) {
            if (now - last[0] >= CANCEL_CHECK_NANOS) {
                last[0] = now;
                try {
                    last[1] = store.isCancelRequested(id) ? 1 : 0;
                } catch (RuntimeException e) {
                    // The database is away: the job trains on, and the next check asks again.
                    LOG.debugf("Cancel of job %s not checked: %s", id, e.getMessage());
                }
            }
            return last[1] == 1;
        }
    }

    /** Whether this replica is shutting down: its running jobs stop, to go on elsewhere. */
    public boolean isStopping() {
        return stopping;
    }

    /**
     * The first thing a replica does when asked to stop (SIGTERM, a pod's eviction): it fires no more
     * jobs, and its running jobs stop at their next check and are queued again ({@link JobControl}),
     * before Quartz's own shutdown waits for them ({@code quarkus.quartz.shutdown-wait-time}). Another
     * replica, or this one once restarted, resumes them from their last checkpoint.
     */
    void onShutdown(@Observes @Priority(Interceptor.Priority.PLATFORM_BEFORE) ShutdownEvent event) {
        stopping = true;
        try {
            quartz.standby();
        } catch (SchedulerException e) {
            LOG.warnf("Could not put the scheduler in standby at shutdown: %s", e.getMessage());
        }
    }
}
