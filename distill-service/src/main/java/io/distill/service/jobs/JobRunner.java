package io.distill.service.jobs;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.microprofile.config.inject.ConfigProperty;
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
 * It also tells a running job, on whichever replica, that a user cancelled it.
 */
@ApplicationScoped
public class JobRunner {

    private static final long CANCEL_CHECK_NANOS = 1_000_000_000L;

    private final Scheduler quartz;
    private final JobStore store;
    private final String group;
    private final Map<String, long[]> cancelChecked = new ConcurrentHashMap<>();

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
        JobKey key = JobKey.jobKey(id, group);
        JobDetail detail = JobBuilder.newJob(RunJob.class).withIdentity(key).usingJobData(RunJob.JOB_ID, id)
                .storeDurably().requestRecovery().build();
        try {
            quartz.addJob(detail, true);
            quartz.scheduleJob(TriggerBuilder.newTrigger().withIdentity(id + "@" + UUID.randomUUID(), group)
                    .forJob(key).startNow()
                    .withSchedule(SimpleScheduleBuilder.simpleSchedule().withMisfireHandlingInstructionFireNow())
                    .build());
        } catch (SchedulerException e) {
            throw new IllegalStateException("Cannot queue job " + id + " on the scheduler: " + e.getMessage(), e);
        }
    }

    /** Stores a new job and queues it in one transaction, unless its id exists; true when it was new. */
    @Transactional
    public boolean create(io.distill.core.jobs.Job job) {
        if (!store.insert(job)) {
            return false;
        }
        queue(job.id());
        return true;
    }

    /**
     * Removes a finished job from the scheduler. Another replica may be firing or completing one of
     * its triggers at that moment (a parent woken by two children at once), and Quartz then refuses
     * the delete; callers treat that as housekeeping left for later ({@link JobService}).
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

    /** Whether a user cancelled job {@code id}; asks the database at most once a second per job. */
    public boolean isCancelRequested(String id) {
        long now = System.nanoTime();
        long[] last = cancelChecked.computeIfAbsent(id, k -> new long[] {now - 2 * CANCEL_CHECK_NANOS, 0});
        synchronized (last) {
            if (now - last[0] >= CANCEL_CHECK_NANOS) {
                last[0] = now;
                last[1] = store.isCancelRequested(id) ? 1 : 0;
            }
            return last[1] == 1;
        }
    }
}
