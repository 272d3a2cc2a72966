package io.distill.server.messaging;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.eclipse.microprofile.config.Config;
import org.jboss.logging.Logger;

/**
 * Read-your-writes for what a service learns from its topics. A lookup that misses (a model or
 * transfer set not in the database yet) waits, a few seconds at most, until the service's consumer
 * group has committed past every record now on the topic, then looks again: an event already on
 * the topic is then known, whichever replica consumed it.
 */
@ApplicationScoped
public class TopicCatchUp {

    private static final Logger LOG = Logger.getLogger(TopicCatchUp.class);
    private static final Duration WAIT = Duration.ofSeconds(10);

    private final Admin admin;
    private final Config config;

    public TopicCatchUp(KafkaClients clients, Config config) {
        this.admin = clients.admin("catch-up");
        this.config = config;
    }

    /**
     * {@code lookup}'s answer, looking again once the consumer of incoming channel {@code channel} (named
     * as its topic) has caught up when the first look found nothing.
     */
    public <T> Optional<T> find(String channel, Supplier<Optional<T>> lookup) {
        Optional<T> found = lookup.get();
        if (found.isPresent()) {
            return found;
        }
        return await(channel, WAIT) ? lookup.get() : Optional.empty();
    }

    /** Waits until the channel's consumer group has committed every record now on its topic; false on timeout. */
    public boolean await(String channel, Duration timeout) {
        String topic = config.getOptionalValue("mp.messaging.incoming." + channel + ".topic", String.class)
                .orElse(channel);
        String group = config.getValue("mp.messaging.incoming." + channel + ".group.id", String.class);
        long deadline = System.nanoTime() + timeout.toNanos();
        try {
            Map<TopicPartition, Long> ends = endOffsets(topic);
            while (true) {
                Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group)
                        .partitionsToOffsetAndMetadata().get(5, TimeUnit.SECONDS);
                boolean caughtUp = ends.entrySet().stream().allMatch(e -> e.getValue() == 0
                        || (committed.get(e.getKey()) != null && committed.get(e.getKey()).offset() >= e.getValue()));
                if (caughtUp) {
                    return true;
                }
                if (System.nanoTime() > deadline) {
                    LOG.warnf("Group %s has not caught up with %s after %d s", group, topic, timeout.toSeconds());
                    return false;
                }
                Thread.sleep(100);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (ExecutionException | TimeoutException e) {
            LOG.warnf("Cannot compare group %s with the end of %s: %s", group, topic, e.getMessage());
            return false;
        }
    }

    private Map<TopicPartition, Long> endOffsets(String topic)
            throws InterruptedException, ExecutionException, TimeoutException {
        TopicDescription description = admin.describeTopics(List.of(topic)).allTopicNames()
                .get(5, TimeUnit.SECONDS).get(topic);
        Map<TopicPartition, OffsetSpec> latest = description.partitions().stream()
                .collect(Collectors.toMap(p -> new TopicPartition(topic, p.partition()), p -> OffsetSpec.latest()));
        Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> offsets = admin.listOffsets(latest).all()
                .get(5, TimeUnit.SECONDS);
        return offsets.entrySet().stream().collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().offset()));
    }

    @PreDestroy
    void close() {
        admin.close(Duration.ofSeconds(2));
    }
}
