package io.distill.pipeline;

import io.distill.contract.events.Topics;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.StringDeserializer;

/** The pipeline client's view of {@code distill-progress}: every event from now on, or from the beginning, as JSON text. */
final class ProgressFeed {

    private ProgressFeed() {}

    /**
     * A consumer of distill-progress from now on, so events of earlier runs are ignored; or, with
     * {@code fromBeginning}, from the topic's first event, to resume following a pipeline on a broker
     * of its own. On a fresh broker no service has published yet, so the topic is created here with
     * the broker's defaults. It joins no group and commits nothing: it only watches.
     */
    static KafkaConsumer<String, String> open(Map<String, Object> kafka, boolean fromBeginning) throws Exception {
        try (Admin admin = Admin.create(kafka)) {
            if (!admin.listTopics().names().get(30, TimeUnit.SECONDS).contains(Topics.DISTILL_PROGRESS)) {
                try {
                    admin.createTopics(List.of(new NewTopic(Topics.DISTILL_PROGRESS, Optional.empty(),
                            Optional.empty()))).all().get(30, TimeUnit.SECONDS);
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw e;
                    }
                }
            }
        }
        Map<String, Object> own = new HashMap<>();
        own.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        Map<String, Object> settings = KafkaSettings.with(kafka, own);
        settings.remove(ConsumerConfig.GROUP_ID_CONFIG);
        KafkaConsumer<String, String> consumer = new KafkaConsumer<>(settings, new StringDeserializer(),
                new StringDeserializer());
        List<TopicPartition> partitions = consumer.partitionsFor(Topics.DISTILL_PROGRESS, Duration.ofSeconds(30))
                .stream().map(p -> new TopicPartition(p.topic(), p.partition())).toList();
        consumer.assign(partitions);
        if (fromBeginning) {
            consumer.seekToBeginning(partitions);
            return consumer;
        }
        long now = System.currentTimeMillis();
        Map<TopicPartition, Long> times = new HashMap<>();
        partitions.forEach(p -> times.put(p, now));
        Map<TopicPartition, OffsetAndTimestamp> offsets = consumer.offsetsForTimes(times);
        for (TopicPartition p : partitions) {
            OffsetAndTimestamp at = offsets.get(p);
            if (at == null) {
                consumer.seekToEnd(List.of(p));
                consumer.position(p);
            } else {
                consumer.seek(p, at.offset());
            }
        }
        return consumer;
    }
}
