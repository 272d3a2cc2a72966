package io.distill.teacher;

import static org.assertj.core.api.Assertions.assertThat;

import io.distill.core.events.JobProgress;
import io.distill.core.events.JsonDeserializer;
import io.distill.core.events.Topics;
import io.distill.teacher.messaging.ProgressPublisher;
import io.distill.testkit.KafkaBroker;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(value = KafkaBroker.class, scope = TestResourceScope.MATCHING_RESOURCES)
class KafkaRoundTripTest {

    @Inject
    ProgressPublisher publisher;

    @Test
    void aProgressEventSentThroughTheServiceArrivesOnTheBrokerWithItsKeyAndFields() throws Exception {
        String jobId = "roundtrip-" + UUID.randomUUID();
        JobProgress sent = new JobProgress("teacher-service", jobId, "RUNNING", 3, 10, 0.3, 5123.5, 0.25, 41,
                70.0, "epoch 3/10", Instant.parse("2026-11-27T12:00:00Z"));

        publisher.publish(sent).toCompletableFuture().get(30, TimeUnit.SECONDS);

        try (KafkaConsumer<String, JobProgress> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaBroker.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "roundtrip-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"),
                new StringDeserializer(), new JsonDeserializer.JobProgressDeserializer())) {
            consumer.subscribe(List.of(Topics.DISTILL_PROGRESS));
            List<ConsumerRecord<String, JobProgress>> mine = new ArrayList<>();
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (mine.isEmpty() && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(500)).forEach(r -> {
                    if (r.key().equals("teacher-service/" + jobId)) {
                        mine.add(r);
                    }
                });
            }

            assertThat(mine).hasSize(1);
            assertThat(mine.get(0).value()).isEqualTo(sent);
        }
    }
}
