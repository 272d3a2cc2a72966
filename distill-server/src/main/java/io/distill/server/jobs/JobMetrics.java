package io.distill.server.jobs;

import io.distill.contract.jobs.JobState;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.Startup;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.jboss.logging.Logger;

/**
 * The service's own Prometheus gauges: jobs by state (the whole service's, from the database), this
 * replica's running job's examples/s and epoch (0 when none runs), and the last finished model's
 * test errors. Registered at start-up, so every series is there before the first job.
 */
@Startup
@ApplicationScoped
public class JobMetrics {

    private static final Logger LOG = Logger.getLogger(JobMetrics.class);

    private final AtomicLong examplesPerSecond = new AtomicLong();
    private final AtomicLong epoch = new AtomicLong();
    private final AtomicLong testErrors = new AtomicLong(-1);
    private final JobStore store;
    private volatile Map<JobState, Long> counts = Map.of();

    public JobMetrics(MeterRegistry registry, JobStore store) {
        this.store = store;
        for (JobState state : JobState.values()) {
            Gauge.builder("distill_jobs", this, m -> m.jobs(state))
                    .description("Jobs of this service by state")
                    .tag("state", state.name().toLowerCase(Locale.ROOT))
                    .register(registry);
        }
        Gauge.builder("distill_examples_per_second", examplesPerSecond, AtomicLong::get)
                .description("Training examples per second of the running job's last epoch").register(registry);
        Gauge.builder("distill_epoch", epoch, AtomicLong::get)
                .description("Epochs completed by the running job").register(registry);
        Gauge.builder("distill_test_errors", testErrors, AtomicLong::get)
                .description("Test errors of the last finished model (-1 before the first)").register(registry);
    }

    /**
     * Jobs in {@code state}, as last counted: a scrape never waits for the database, and while the
     * database is away the gauges keep the last counts rather than turn NaN or slow the scrape.
     */
    private long jobs(JobState state) {
        return counts.getOrDefault(state, 0L);
    }

    /** Counts the jobs by state, off the scrape's thread. */
    @Scheduled(identity = "distill-job-counts", every = "5s", executeWith = Scheduled.SIMPLE,
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void count() {
        try {
            counts = store.countByState();
        } catch (RuntimeException e) {
            LOG.debugf("Jobs not counted, the gauges keep the last counts: %s", e.getMessage());
        }
    }

    public void epoch(int completed, double rate) {
        epoch.set(completed);
        examplesPerSecond.set(Math.round(rate));
    }

    /** Clears the per-job gauges once a job has ended. */
    public void jobEnded() {
        epoch.set(0);
        examplesPerSecond.set(0);
    }

    public void testErrors(int errors) {
        testErrors.set(errors);
    }
}
