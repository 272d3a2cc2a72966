package io.distill.server.limits;

import io.distill.core.limits.MemoryNeed;
import io.distill.server.config.LimitsConfig;
import io.quarkus.runtime.Startup;
import jakarta.inject.Singleton;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Admission control: refuses a job whose memory estimate is over one worker's share of this
 * replica's limits, before it is stored or queued, whether it came by REST or from a plan.
 */
@Startup
@Singleton
public class Admission {

    private static final Logger LOG = Logger.getLogger(Admission.class);

    private final Budget budget;

    /** {@code workers}: the scheduler's threads, which {@code DISTILL_WORKERS} sets, so the jobs that run at once. */
    public Admission(LimitsConfig limits,
            @ConfigProperty(name = "quarkus.quartz.thread-count", defaultValue = "1") int workers) {
        this.budget = Budget.of(limits, ReplicaMemory.current(), workers);
        LOG.infof("Each of %d job(s) may hold %s of native memory (of %s: %s) and %s of heap (of %s: %s)",
                budget.workers(), MemoryNeed.format(budget.nativePerJob()), MemoryNeed.format(budget.nativeBytes()),
                budget.nativeOrigin(), MemoryNeed.format(budget.heapPerJob()), MemoryNeed.format(budget.heapBytes()),
                budget.heapOrigin());
    }

    public Budget budget() {
        return budget;
    }

    /** Throws {@link OverLimitException} unless each of {@code needs}, one job's, fits a worker's share. */
    public void require(MemoryNeed... needs) {
        for (MemoryNeed need : needs) {
            budget.require(need);
        }
    }
}
