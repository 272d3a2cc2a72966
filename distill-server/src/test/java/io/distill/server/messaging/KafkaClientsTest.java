package io.distill.server.messaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

class KafkaClientsTest {

    /** What Quarkus' default-kafka-broker map holds for kafka.* settings of TLS, SASL and compression. */
    private static final Map<String, Object> SHARED = Map.of(
            "bootstrap.servers", "broker-1:9093",
            "security.protocol", "SASL_SSL",
            "sasl.mechanism", "SCRAM-SHA-512",
            "sasl.jaas.config", "org.apache.kafka.common.security.scram.ScramLoginModule required;",
            "compression.type", "zstd",
            "client.rack", "eu-1a",
            // A plug-in's own key, which Quarkus' TLS registry passes to its SSL engine factory.
            "tls-configuration-name", "kafka",
            // Quarkus' default group, meant for the channels.
            "group.id", "student-service");

    private final KafkaClients clients = new KafkaClients(SHARED, "student-service");

    @Test
    void everySharedSettingReachesProducersConsumersAndAdminsAndTheirOwnSettingsWin() {
        Map<String, Object> expected = new HashMap<>(SHARED);
        expected.remove("group.id");

        assertThat(clients.producerSettings("stream", Map.of())).containsAllEntriesOf(expected);
        assertThat(clients.consumerSettings("reader", Map.of())).containsAllEntriesOf(expected);
        assertThat(clients.adminSettings("catch-up", Map.of())).containsAllEntriesOf(expected);
        assertThat(clients.adminSettings("readiness", Map.of("request.timeout.ms", 2_000)))
                .containsAllEntriesOf(expected).containsEntry("request.timeout.ms", 2_000);
    }

    @Test
    void aBadSharedSettingIsRefusedByEveryRealClientBuiltFromIt() {
        KafkaClients bad = new KafkaClients(Map.of("bootstrap.servers", "localhost:1",
                "security.protocol", "NOT_A_PROTOCOL"), "student-service");

        assertThatThrownBy(() -> bad.producer("p", new StringSerializer(), new StringSerializer(), Map.of()))
                .isInstanceOf(ConfigException.class).hasMessageContaining("NOT_A_PROTOCOL");
        assertThatThrownBy(() -> bad.consumer("c", new StringDeserializer(), new StringDeserializer(), Map.of()))
                .isInstanceOf(ConfigException.class).hasMessageContaining("NOT_A_PROTOCOL");
        assertThatThrownBy(() -> bad.admin("a")).isInstanceOf(ConfigException.class)
                .hasMessageContaining("NOT_A_PROTOCOL");
    }

    @Test
    void producersStayIdempotentWithAcksAllWhateverTheSharedSettingsSay() {
        KafkaClients weak = new KafkaClients(Map.of("acks", "1", "enable.idempotence", "false"), "teacher-service");

        assertThat(weak.producerSettings("stream", Map.of()))
                .containsEntry("acks", "all")
                .containsEntry("enable.idempotence", "true")
                .containsEntry("client.id", "teacher-service-stream");
    }

    @Test
    void aClientsOwnSettingsWinOverTheSharedOnes() {
        assertThat(clients.producerSettings("stream", Map.of("compression.type", "lz4", "linger.ms", 10)))
                .containsEntry("compression.type", "lz4")
                .containsEntry("linger.ms", 10)
                .containsEntry("security.protocol", "SASL_SSL");
    }

    @Test
    void consumersCommitNothingJoinNoGroupUnlessAskedAndHaveTheirOwnIds() {
        Map<String, Object> first = clients.consumerSettings("reader", Map.of());
        Map<String, Object> second = clients.consumerSettings("reader", Map.of("group.id", "readers"));

        assertThat(first).doesNotContainKey("group.id").containsEntry("enable.auto.commit", "false");
        assertThat(second).containsEntry("group.id", "readers");
        assertThat(first.get("client.id")).isNotEqualTo(second.get("client.id"));
        assertThat((String) first.get("client.id")).startsWith("student-service-reader-");
    }
}
