package io.distill.server.messaging;

import io.smallrye.common.annotation.Identifier;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Builds the plain Kafka clients of a service, those that are not messaging channels, from the
 * same {@code kafka.*} configuration the channels get, so that TLS, SASL, compression or any other
 * client setting made once (in {@code application.properties} or as a {@code KAFKA_*} variable)
 * reaches every client.
 *
 * <p>Quarkus merges that configuration into the {@code default-kafka-broker} map. Each client gets
 * all of it, then what this class insists on, then what the caller asks for: as with a channel's
 * own attributes, the more specific setting wins. Nothing is filtered out, since some settings
 * belong to plug-ins rather than to the client (Quarkus' TLS registry passes
 * {@code tls-configuration-name} to its SSL engine factory this way).
 */
@ApplicationScoped
public class KafkaClients {

    private final Map<String, Object> shared;
    private final String service;
    private final AtomicInteger consumers = new AtomicInteger();

    public KafkaClients(@Identifier("default-kafka-broker") Map<String, Object> kafka,
            @ConfigProperty(name = "quarkus.application.name") String service) {
        this.shared = Map.copyOf(kafka);
        this.service = service;
    }

    /**
     * An idempotent producer with {@code acks=all}, named {@code <service>-<name>}. {@code own} adds
     * what this producer alone needs, such as batching.
     */
    public <K, V> KafkaProducer<K, V> producer(String name, Serializer<K> keys, Serializer<V> values,
            Map<String, Object> own) {
        return new KafkaProducer<>(producerSettings(name, own), keys, values);
    }

    /**
     * A consumer named {@code <service>-<name>-<n>} that commits nothing by itself and joins no
     * group unless {@code own} names one ({@code group.id}): Quarkus' default group, the
     * service's name, belongs to its channels.
     */
    public <K, V> KafkaConsumer<K, V> consumer(String name, Deserializer<K> keys, Deserializer<V> values,
            Map<String, Object> own) {
        return new KafkaConsumer<>(consumerSettings(name, own), keys, values);
    }

    /** An admin client named {@code <service>-<name>}. */
    public Admin admin(String name) {
        return admin(name, Map.of());
    }

    /** An admin client named {@code <service>-<name>}, with {@code own} added, such as shorter timeouts. */
    public Admin admin(String name, Map<String, Object> own) {
        return Admin.create(adminSettings(name, own));
    }

    Map<String, Object> producerSettings(String name, Map<String, Object> own) {
        Map<String, Object> settings = common(name);
        settings.remove(ConsumerConfig.GROUP_ID_CONFIG);
        settings.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        settings.put(ProducerConfig.ACKS_CONFIG, "all");
        settings.putAll(own);
        return settings;
    }

    Map<String, Object> consumerSettings(String name, Map<String, Object> own) {
        // Several consumers may read at once (one per job); client ids must differ within a JVM.
        Map<String, Object> settings = common(name + "-" + consumers.incrementAndGet());
        settings.remove(ConsumerConfig.GROUP_ID_CONFIG);
        settings.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        settings.putAll(own);
        return settings;
    }

    Map<String, Object> adminSettings(String name, Map<String, Object> own) {
        Map<String, Object> settings = common(name);
        settings.remove(ConsumerConfig.GROUP_ID_CONFIG);
        settings.putAll(own);
        return settings;
    }

    private Map<String, Object> common(String name) {
        Map<String, Object> settings = new HashMap<>(shared);
        settings.put(CommonClientConfigs.CLIENT_ID_CONFIG, service + "-" + name);
        return settings;
    }
}
