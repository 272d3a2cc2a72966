package io.distill.softtarget;

import static org.assertj.core.api.Assertions.assertThat;

import io.distill.contract.events.Topics;
import io.distill.contract.events.TransferSetManifestBuilder;
import io.distill.contract.events.TransferSetState;
import io.distill.server.messaging.TopicCatchUp;
import io.distill.server.transfer.SoftTargetReader;
import io.distill.softtarget.messaging.SoftTargetProducer;
import io.distill.testkit.KafkaBroker;
import io.distill.testkit.Postgres;
import io.distill.testkit.S3Server;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * A {@code kafka.*} setting made once in the service's configuration reaches its plain Kafka
 * clients, not only its channels: the soft-target stream producer, the catch-up admin client, and
 * the transfer-set reader's consumer and dead-letter producer.
 */
@QuarkusTest
@TestProfile(KafkaSettingsTest.SharedKafkaSettings.class)
@WithTestResource(value = KafkaBroker.class, scope = TestResourceScope.MATCHING_RESOURCES)
@WithTestResource(value = Postgres.class, scope = TestResourceScope.MATCHING_RESOURCES)
@WithTestResource(value = S3Server.class, scope = TestResourceScope.MATCHING_RESOURCES)
class KafkaSettingsTest {

    private static final String RACK = "rack-under-test";

    /**
     * Two shared settings: a recorder of every client's configuration, and a rack; and an inline limit
     * of 0 bytes, so that {@link ReferenceStreamTest} streams references in this application rather
     * than booting one of its own.
     */
    public static class SharedKafkaSettings implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "kafka.metric.reporters", ClientConfigRecorder.class.getName(),
                    "kafka.client.rack", RACK,
                    "distill.soft-targets.inline-max-bytes", "0",
                    "distill.store-dir", "target/test-store/" + UUID.randomUUID());
        }
    }

    @Inject
    SoftTargetProducer stream;
    @Inject
    TopicCatchUp catchUp;
    @Inject
    SoftTargetReader reader;

    @Test
    void kafkaSettingsFromTheConfigurationReachEveryPlainClient() {
        stream.open(bytes -> { }).finish();
        catchUp.await(Topics.TEACHER_MODELS, Duration.ofSeconds(1));
        reader.read(TransferSetManifestBuilder.builder().transferSetId("ts-empty").state(TransferSetState.COMPLETE)
                .count(0).classCounts(new int[10]).teacherModelIds(List.of()).topic(Topics.SOFT_TARGETS)
                .offsets(Map.of()).generation(1).build(), Duration.ofSeconds(1), () -> false);

        for (String client : List.of("soft-target-service-stream", "soft-target-service-catch-up",
                "soft-target-service-soft-targets-dlq", "soft-target-service-transfer-set-reader-")) {
            assertThat(ClientConfigRecorder.of(client)).as("configuration of client %s among %s", client,
                    ClientConfigRecorder.clientIds()).isNotNull().containsEntry("client.rack", RACK);
        }
        assertThat(ClientConfigRecorder.of("soft-target-service-stream"))
                .containsEntry("acks", "all").containsEntry("enable.idempotence", "true")
                .containsEntry("compression.type", "lz4");
    }
}
