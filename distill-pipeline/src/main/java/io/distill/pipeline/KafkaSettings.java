package io.distill.pipeline;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import org.apache.kafka.clients.CommonClientConfigs;

/**
 * The pipeline client's Kafka settings, read from {@code KAFKA_*} environment variables the way
 * Quarkus reads them for the services: {@code KAFKA_SECURITY_PROTOCOL} becomes
 * {@code security.protocol}, {@code KAFKA_SASL_JAAS_CONFIG} becomes {@code sasl.jaas.config}. One
 * environment then sets TLS, SASL and the brokers for the services and this client alike.
 */
public final class KafkaSettings {

    /** The brokers when {@code KAFKA_BOOTSTRAP_SERVERS} is unset, as in the services. */
    static final String DEFAULT_BOOTSTRAP = "localhost:9092";
    private static final String PREFIX = "kafka_";

    private KafkaSettings() {}

    /** Every {@code KAFKA_*} variable of {@code env} as a Kafka client setting. */
    public static Map<String, Object> from(Map<String, String> env) {
        Map<String, Object> settings = new HashMap<>();
        settings.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, DEFAULT_BOOTSTRAP);
        env.forEach((name, value) -> {
            String lower = name.toLowerCase(Locale.ROOT);
            if (lower.startsWith(PREFIX) && lower.length() > PREFIX.length()) {
                // Environment variables spell every dot as an underscore; Kafka's keys have dots only.
                settings.put(lower.substring(PREFIX.length()).replace('_', '.'), value);
            }
        });
        return settings;
    }

    /** {@code shared} with {@code own} on top: a client's own settings win, as a channel's do in the services. */
    public static Map<String, Object> with(Map<String, Object> shared, Map<String, Object> own) {
        Map<String, Object> merged = new HashMap<>(shared);
        merged.putAll(own);
        return merged;
    }
}
