package io.distill.softtarget.messaging;

import io.distill.core.events.Topics;
import io.distill.service.messaging.KafkaClients;
import io.distill.service.transfer.TransferSetExpiredException;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;

/** Where each partition of {@code soft-targets} starts now: what retention has left of the sets on it. */
@ApplicationScoped
public class SoftTargetLog {

    private final KafkaClients clients;
    private Admin admin;

    public SoftTargetLog(KafkaClients clients) {
        this.clients = clients;
    }

    /** The expiry of a set's generation with these offsets, or empty when all its events are still on the topic. */
    public Optional<TransferSetExpiredException> expiry(String transferSetId, int generation,
            Map<String, long[]> offsets) {
        Map<TopicPartition, OffsetSpec> earliest = new HashMap<>();
        offsets.keySet().forEach(p -> earliest.put(new TopicPartition(Topics.SOFT_TARGETS,
                Integer.parseInt(p)), OffsetSpec.earliest()));
        Map<Integer, Long> starts = new HashMap<>();
        try {
            admin().listOffsets(earliest).all().get(5, TimeUnit.SECONDS)
                    .forEach((tp, info) -> starts.put(tp.partition(), info.offset()));
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("Cannot read where soft-targets starts: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while reading where soft-targets starts", e);
        }
        return TransferSetExpiredException.check(transferSetId, generation, offsets, starts);
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
