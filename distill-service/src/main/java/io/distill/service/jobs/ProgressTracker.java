package io.distill.service.jobs;

import ai.djl.nn.Block;
import io.distill.core.events.JobProgress;
import io.distill.core.jobs.Job;
import io.distill.core.train.TrainingCancelledException;
import io.distill.core.train.TrainingListener;
import java.time.Instant;

/**
 * Reports one training run of a job: updates the job record and publishes {@code JobProgress}
 * after each epoch and every few seconds within one, and stops the run when the job is cancelled
 * (from any replica).
 */
public final class ProgressTracker implements TrainingListener {

    private static final long BATCH_REPORT_NANOS = 5_000_000_000L;

    private final JobService.Context context;
    private final String jobId;
    private final long startNanos = System.nanoTime();
    private Double startProgress;
    private long lastReport = System.nanoTime();

    public ProgressTracker(JobService.Context context, String jobId) {
        this.context = context;
        this.jobId = jobId;
    }

    @Override
    public void onBatchEnd(BatchReport report) {
        if (context.runner().shouldStop(jobId)) {
            throw new TrainingCancelledException("Job " + jobId + " was cancelled.");
        }
        if (System.nanoTime() - lastReport < BATCH_REPORT_NANOS) {
            return;
        }
        double progress = started(report.progress());
        Job job = context.store().update(jobId, j -> j.withProgress(report.epoch(), progress,
                report.examplesPerSecond(), j.trainLoss(), j.validationErrors(), eta(progress)));
        publish(job, String.format("epoch %d/%d, batch %d/%d", report.epoch() + 1, report.epochs(),
                report.batch() + 1, report.batchesPerEpoch()));
    }

    @Override
    public void onEpochEnd(EpochReport report, Block block) {
        double progress = started((double) report.epoch() / report.epochs());
        Job job = context.store().update(jobId, j -> j.withProgress(report.epoch(), progress,
                report.examplesPerSecond(), report.trainLoss(), report.validationErrors(), eta(progress)));
        context.metrics().epoch(report.epoch(), report.examplesPerSecond());
        publish(job, "epoch " + report.epoch() + "/" + report.epochs());
    }

    /** The run's progress, remembering where this process picked it up. */
    private double started(double progress) {
        if (startProgress == null) {
            startProgress = progress;
        }
        return progress;
    }

    /** Seconds left, from this process's pace (a resumed job does not count the time before it). */
    private Double eta(double progress) {
        double done = progress - startProgress;
        if (done <= 0) {
            return null;
        }
        double elapsed = (System.nanoTime() - startNanos) / 1e9;
        return elapsed * (1 - progress) / done;
    }

    private void publish(Job job, String message) {
        lastReport = System.nanoTime();
        context.progress().publish(new JobProgress(context.service(), jobId, job.state().name(), job.epoch(),
                job.epochs(), job.progress(), job.examplesPerSecond(), job.trainLoss(), job.validationErrors(),
                job.etaSeconds(), message, Instant.now()));
    }
}
