package io.distill.service.jobs;

import ai.djl.nn.Block;
import io.distill.core.events.JobProgress;
import io.distill.core.jobs.Job;
import io.distill.core.train.TrainingCancelledException;
import io.distill.core.train.TrainingListener;
import io.distill.service.messaging.ProgressPublisher;
import java.time.Instant;

/**
 * Reports one training run of a job: updates the job record and publishes {@code JobProgress}
 * after each epoch and every few seconds within one, and stops the run when the job is cancelled.
 * A job made of several runs (an ensemble) reports run {@code part} of {@code parts}.
 */
public final class ProgressTracker implements TrainingListener {

    private static final long BATCH_REPORT_NANOS = 5_000_000_000L;

    private final Context context;
    private final String jobId;
    private final int part;
    private final int parts;
    private final long startNanos = System.nanoTime();
    private Double startProgress;
    private long lastReport = System.nanoTime();

    /** What every tracker of a service shares. */
    public record Context(String service, JobStore store, ProgressPublisher publisher, JobRunner runner,
            JobMetrics metrics) {}

    public ProgressTracker(Context context, String jobId, int part, int parts) {
        this.context = context;
        this.jobId = jobId;
        this.part = part;
        this.parts = parts;
    }

    @Override
    public void onBatchEnd(BatchReport report) {
        if (context.runner().isCancelRequested(jobId)) {
            throw new TrainingCancelledException("Job " + jobId + " was cancelled.");
        }
        if (System.nanoTime() - lastReport < BATCH_REPORT_NANOS) {
            return;
        }
        double progress = overall(report.progress());
        Job job = context.store().update(jobId, j -> j.withProgress(report.epoch(), progress,
                report.examplesPerSecond(), j.trainLoss(), j.validationErrors(), eta(progress)));
        publish(job, String.format("epoch %d/%d, batch %d/%d", report.epoch() + 1, report.epochs(),
                report.batch() + 1, report.batchesPerEpoch()));
    }

    @Override
    public void onEpochEnd(EpochReport report, Block block) {
        double progress = overall((double) report.epoch() / report.epochs());
        Job job = context.store().update(jobId, j -> j.withProgress(report.epoch(), progress,
                report.examplesPerSecond(), report.trainLoss(), report.validationErrors(), eta(progress)));
        context.metrics().epoch(report.epoch(), report.examplesPerSecond());
        String member = parts > 1 ? "member " + (part + 1) + "/" + parts + ", " : "";
        publish(job, member + "epoch " + report.epoch() + "/" + report.epochs());
    }

    private double overall(double runProgress) {
        double progress = (part + runProgress) / parts;
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
        context.publisher().publish(new JobProgress(context.service(), jobId, job.state().name(), job.epoch(),
                job.epochs(), job.progress(), job.examplesPerSecond(), job.trainLoss(), job.validationErrors(),
                job.etaSeconds(), message, Instant.now()));
    }
}
