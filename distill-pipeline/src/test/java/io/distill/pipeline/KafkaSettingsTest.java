package io.distill.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class KafkaSettingsTest {

    @Test
    void kafkaVariablesBecomeClientSettingsAsQuarkusMapsThem() {
        Map<String, Object> settings = KafkaSettings.from(Map.of(
                "KAFKA_BOOTSTRAP_SERVERS", "broker-1:9093,broker-2:9093",
                "KAFKA_SECURITY_PROTOCOL", "SASL_SSL",
                "KAFKA_SASL_MECHANISM", "SCRAM-SHA-512",
                "KAFKA_SSL_TRUSTSTORE_LOCATION", "/etc/kafka/ca.pem",
                "PATH", "/usr/bin",
                "MY_KAFKA_THING", "x"));

        assertThat(settings).containsOnly(
                Map.entry("bootstrap.servers", "broker-1:9093,broker-2:9093"),
                Map.entry("security.protocol", "SASL_SSL"),
                Map.entry("sasl.mechanism", "SCRAM-SHA-512"),
                Map.entry("ssl.truststore.location", "/etc/kafka/ca.pem"));
    }

    @Test
    void brokersDefaultToLocalhostAsInTheServices() {
        assertThat(KafkaSettings.from(Map.of())).containsOnly(Map.entry("bootstrap.servers", "localhost:9092"));
    }

    @Test
    void aClientsOwnSettingsWinOverTheSharedOnes() {
        Map<String, Object> shared = KafkaSettings.from(Map.of("KAFKA_ENABLE_AUTO_COMMIT", "true",
                "KAFKA_CLIENT_RACK", "eu-1a"));

        assertThat(KafkaSettings.with(shared, Map.of("enable.auto.commit", false)))
                .containsEntry("enable.auto.commit", false)
                .containsEntry("client.rack", "eu-1a");
    }
}
