package io.distill.server.jobs;

import io.distill.contract.events.JobResult;
import io.distill.contract.events.JobResultBuilder;
import io.distill.contract.jobs.Job;
import io.distill.server.config.DistillConfig;
import io.distill.server.messaging.ProgressPublisher;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Every final job's {@code JobResult} reaches {@code distill-progress} at least once. A job's state
 * change is stored first, with its result unannounced ({@link JobStore#save}); the result is then
 * sent, and marked announced once the broker acknowledges it. What a stopped replica or an absent
 * broker left unannounced is sent again by the relay, which every replica runs and which takes each
 * pending row under a row lock, so one replica sends it.
 *
 * <p>A result sent twice is the same event twice (its {@code finishedAt} is the stored time the job
 * ended), never a second completion.
 */
@ApplicationScoped
public class ResultAnnouncements {

    private static final Logger LOG = Logger.getLogger(ResultAnnouncements.class);
    /** How long one send waits for the broker before leaving the result to the relay. */
    private static final Duration ACKNOWLEDGEMENT = Duration.ofSeconds(10);
    /** Results sent again per relay round. */
    private static final int BATCH = 20;

    private final JobStore store;
    private final ProgressPublisher progress;
    private final String service;
    private final Duration grace;

    public ResultAnnouncements(JobStore store, ProgressPublisher progress, DistillConfig config,
            @ConfigProperty(name = "quarkus.application.name") String service) {
        this.store = store;
        this.progress = progress;
        this.service = service;
        this.grace = config.resultRelay().grace();
    }

    /** Sends final job {@code done}'s result now, and marks it announced once the broker has it. */
    public void announce(Job done) {
        if (send(done)) {
            store.markAnnounced(done.id());
        }
    }

    /**
     * Sends again the results that ended more than the grace period ago and are still unannounced:
     * those of a replica that stopped before the broker's acknowledgement, or sent while the broker was
     * away. The grace period leaves a result that is being sent right now to its own replica.
     */
    @Scheduled(identity = "distill-result-relay", every = "${distill.result-relay.interval}",
            delayed = "${distill.result-relay.interval}", executeWith = Scheduled.SIMPLE,
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void relay() {
        try {
            int sent = store.announcePending(Instant.now().minus(grace), BATCH, this::send);
            if (sent > 0) {
                LOG.infof("Sent %d job result(s) again that the broker had not acknowledged", sent);
            }
        } catch (RuntimeException e) {
            LOG.warnf("Unannounced job results stay for the next round: %s", e.getMessage());
        }
    }

    private boolean send(Job done) {
        JobResult result = JobResultBuilder.builder().service(service).jobId(done.id()).state(done.state().name())
                .metrics(done.metrics()).modelIds(done.modelIds()).error(done.error()).finishedAt(done.updatedAt())
                .parentId(done.parentId()).instance(done.instance()).build();
        try {
            progress.publish(result).toCompletableFuture().get(ACKNOWLEDGEMENT.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (ExecutionException | TimeoutException e) {
            LOG.warnf("The result of %s %s is not acknowledged yet (%s); it will be sent again", service, done.id(),
                    e.getMessage());
            return false;
        }
    }
}
