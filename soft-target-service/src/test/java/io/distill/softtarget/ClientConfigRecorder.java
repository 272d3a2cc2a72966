package io.distill.softtarget;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.common.metrics.KafkaMetric;
import org.apache.kafka.common.metrics.MetricsReporter;

/**
 * A Kafka metrics reporter that keeps the configuration each client was built with, by client id.
 * Named in {@code kafka.metric.reporters}, it is itself a shared setting: a client it never hears
 * from did not get the shared settings.
 */
public class ClientConfigRecorder implements MetricsReporter {

    private static final Map<String, Map<String, Object>> BY_CLIENT = new ConcurrentHashMap<>();

    /** The configuration of a client whose id starts with {@code prefix}, or null when none was built. */
    static Map<String, Object> of(String prefix) {
        return BY_CLIENT.entrySet().stream().filter(e -> e.getKey().startsWith(prefix)).map(Map.Entry::getValue)
                .findFirst().orElse(null);
    }

    /** The ids of every client built so far. */
    static List<String> clientIds() {
        return List.copyOf(BY_CLIENT.keySet());
    }

    @Override
    public void configure(Map<String, ?> configs) {
        BY_CLIENT.put(String.valueOf(configs.get("client.id")), Map.copyOf(configs));
    }

    @Override
    public void init(List<KafkaMetric> metrics) {}

    @Override
    public void metricChange(KafkaMetric metric) {}

    @Override
    public void metricRemoval(KafkaMetric metric) {}

    @Override
    public void close() {}
}
