package io.distill.server.jobs;

import io.quarkus.arc.Unremovable;
import jakarta.enterprise.context.Dependent;
import org.quartz.DisallowConcurrentExecution;
import org.quartz.Job;
import org.quartz.JobExecutionContext;

/**
 * What Quartz runs on a replica's worker thread: one service job, by id. Quartz never runs the
 * same job twice at once anywhere in the cluster ({@link DisallowConcurrentExecution}), so a parent
 * woken by two children at once concludes once.
 */
@Dependent
@Unremovable
@DisallowConcurrentExecution
public class RunJob implements Job {

    static final String JOB_ID = "jobId";

    private final JobControl jobs;

    public RunJob(JobControl jobs) {
        this.jobs = jobs;
    }

    @Override
    public void execute(JobExecutionContext context) {
        jobs.run(context.getMergedJobDataMap().getString(JOB_ID));
    }
}
