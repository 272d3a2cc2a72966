package io.distill.service.jobs;

import io.distill.service.config.DistillConfig;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The bounded worker pool jobs run on, first come first served, off the HTTP and Kafka threads.
 * It also carries cancellation requests to the running job.
 */
@ApplicationScoped
public class JobRunner {

    private final ExecutorService pool;
    private final Map<String, Future<?>> futures = new ConcurrentHashMap<>();
    private final Set<String> cancelRequested = ConcurrentHashMap.newKeySet();

    public JobRunner(DistillConfig config, @ConfigProperty(name = "quarkus.application.name") String service) {
        AtomicInteger count = new AtomicInteger();
        this.pool = Executors.newFixedThreadPool(config.workers(), r -> {
            Thread thread = new Thread(r, service + "-job-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
    }

    /** Queues {@code work} for job {@code id}. */
    public void submit(String id, Runnable work) {
        futures.put(id, pool.submit(() -> {
            try {
                work.run();
            } finally {
                futures.remove(id);
                cancelRequested.remove(id);
            }
        }));
    }

    /** Asks job {@code id} to stop; a queued job is dropped before it starts. */
    public void cancel(String id) {
        cancelRequested.add(id);
        Future<?> future = futures.get(id);
        if (future != null) {
            future.cancel(false);
        }
    }

    public boolean isCancelRequested(String id) {
        return cancelRequested.contains(id);
    }

    @PreDestroy
    void stop() {
        pool.shutdownNow();
    }
}
