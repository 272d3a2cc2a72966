package io.distill.server.jobs;

import ai.djl.nn.Block;
import io.distill.contract.events.JobProgress;
import io.distill.contract.events.JobProgressBuilder;
import io.distill.contract.jobs.Job;
import io.distill.contract.jobs.JobCancelledException;
import io.distill.contract.jobs.JobEpoch;
import io.distill.contract.jobs.JobEpochBuilder;
import io.distill.core.train.RunState;
import io.distill.core.train.TrainingListener;
import io.distill.server.outages.Outage;
import java.time.Instant;
import java.util.function.UnaryOperator;
import org.jboss.logging.Logger;

/**
 * Reports one training run of a job: updates the job record and publishes {@code JobProgress}
 * after each epoch and every few seconds within one, and stops the run when the job is cancelled
 * (from any replica), also before its first batch. While the database is away, training goes on
 * and its progress is not recorded; a run whose job has been started again elsewhere in the
 * meantime (a newer attempt) stops at its next report.
 */
public final class ProgressTracker implements TrainingListener {

    private static final Logger LOG = Logger.getLogger(ProgressTracker.class);
    private static final long BATCH_REPORT_NANOS = 5_000_000_000L;

    private final JobControl.Context context;
    private final String jobId;
    private final int attempt;
    private final long startNanos = System.nanoTime();
    private Double startProgress;
    private long lastReport = System.nanoTime();

    /** Reports run {@code attempt} of job {@code jobId} (the job's attempts when this run started). */
    public ProgressTracker(JobControl.Context context, String jobId, int attempt) {
        this.context = context;
        this.jobId = jobId;
        this.attempt = attempt;
    }

    @Override
    public void onTrainingStart(Block block, RunState state) {
        stopIfAsked();
    }

    @Override
    public void onBatchEnd(BatchReport report) {
        stopIfAsked();
        if (System.nanoTime() - lastReport < BATCH_REPORT_NANOS) {
            return;
        }
        double progress = started(report.progress());
        record(j -> j.withProgress(report.epoch(), progress, report.examplesPerSecond(), j.trainLoss(),
                j.validationErrors(), eta(progress)), String.format("epoch %d/%d, batch %d/%d", report.epoch() + 1,
                report.epochs(), report.batch() + 1, report.batchesPerEpoch()), () -> { });
    }

    @Override
    public void onEpochEnd(EpochReport report, Block block) {
        double progress = started((double) report.epoch() / report.epochs());
        context.metrics().epoch(report.epoch(), report.examplesPerSecond());
        JobEpoch epoch = JobEpochBuilder.builder().epoch(report.epoch()).epochs(report.epochs())
                .trainLoss(report.trainLoss()).validationErrors(report.validationErrors())
                .validationTotal(report.validationTotal()).examplesPerSecond(report.examplesPerSecond())
                .seconds(report.seconds()).learningRate(report.learningRate()).momentum(report.momentum())
                .attempt(attempt).endedAt(Instant.now()).build();
        record(j -> j.withProgress(report.epoch(), progress, report.examplesPerSecond(), report.trainLoss(),
                report.validationErrors(), eta(progress)), "epoch " + report.epoch() + "/" + report.epochs(),
                () -> context.epochs().record(jobId, epoch));
    }

    private void stopIfAsked() {
        if (context.runner().shouldStop(jobId)) {
            throw new JobCancelledException("Job " + jobId + " was cancelled.");
        }
    }

    /**
     * Stores the run's progress, then what else {@code also} stores, and publishes it, unless the job has been
     * started again since this run began (then the run stops) or the database is away (then only this
     * report is lost).
     */
    private void record(UnaryOperator<Job> change, String message, Runnable also) {
        Job job;
        try {
            job = context.store().update(jobId, j -> {
                if (j.attempts() != attempt) {
                    throw new JobTakenOverException(jobId, attempt, j.attempts());
                }
                return change.apply(j);
            });
            also.run();
        } catch (RuntimeException e) {
            // A run taken over has no outage among its causes, so it is thrown on, and the run stops.
            if (Outage.of(e).isEmpty()) {
                throw e;
            }
            LOG.warnf("Job %s trains on without recording its progress: %s", jobId, e.getMessage());
            lastReport = System.nanoTime();
            return;
        }
        publish(job, message);
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
        context.progress().publish(JobProgressBuilder.builder().service(context.service()).jobId(jobId)
                .state(job.state().name()).epoch(job.epoch()).epochs(job.epochs()).progress(job.progress())
                .examplesPerSecond(job.examplesPerSecond()).trainLoss(job.trainLoss())
                .validationErrors(job.validationErrors()).etaSeconds(job.etaSeconds()).message(message)
                .timestamp(Instant.now()).build());
    }
}
