package io.distill.softtarget.messaging;

import io.distill.contract.events.Topics;
import io.distill.server.messaging.KafkaClients;
import io.distill.server.transfer.TransferSetExpiredException;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;

/**
 * Where each partition of {@code soft-targets} starts now: what retention has left of the sets on it.
 * A failed lookup is remembered for a few seconds, so that listing many sets while Kafka is away
 * waits for it once, not once per set.
 */
@ApplicationScoped
public class SoftTargetLog {

    private static final Duration TIMEOUT = Duration.ofSeconds(5);
    private static final Duration REMEMBER_FAILURE = Duration.ofSeconds(5);

    private final KafkaClients clients;
    private Admin admin;
    private IllegalStateException failure;
    private long failedAt;

    public SoftTargetLog(KafkaClients clients) {
        this.clients = clients;
    }

    /** The expiry of a set's generation with these offsets, or empty when all its events are still on the topic. */
    public Optional<TransferSetExpiredException> expiry(String transferSetId, int generation,
            Map<String, long[]> offsets) {
        return TransferSetExpiredException.check(transferSetId, generation, offsets, starts(offsets));
    }

    private synchronized Map<Integer, Long> starts(Map<String, long[]> offsets) {
        if (failure != null && System.nanoTime() - failedAt < REMEMBER_FAILURE.toNanos()) {
            throw failure;
        }
        Map<TopicPartition, OffsetSpec> earliest = new HashMap<>();
        offsets.keySet().forEach(p -> earliest.put(new TopicPartition(Topics.SOFT_TARGETS,
                Integer.parseInt(p)), OffsetSpec.earliest()));
        Map<Integer, Long> starts = new HashMap<>();
        try {
            admin().listOffsets(earliest).all().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
                    .forEach((tp, info) -> starts.put(tp.partition(), info.offset()));
            failure = null;
            return starts;
        } catch (ExecutionException | TimeoutException e) {
            throw failed(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw failed(e);
        }
    }

    private IllegalStateException failed(Exception e) {
        failure = new IllegalStateException("Cannot read where soft-targets starts: " + e, e);
        failedAt = System.nanoTime();
        return failure;
    }

    private synchronized Admin admin() {
        if (admin == null) {
            admin = clients.admin("soft-target-log");
        }
        return admin;
    }

    @PreDestroy
    synchronized void close() {
        if (admin != null) {
            admin.close();
        }
    }
}
