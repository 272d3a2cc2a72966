package io.distill.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * The baseline for the soft-target stream: a plain kafka-clients producer sending the very same
 * records (read back from {@code soft-targets}, keys and JSON values as bytes) with the same
 * settings as the service's producer. A benchmark, not a test: {@code deploy/bench/soft-targets.sh}.
 *
 * <p>Arguments: bootstrap servers, transfer set id. It prints events/s for {@code BENCH_REPEATS}
 * (3) sends of the whole set to a scratch topic.
 */
public final class ProducerThroughput {

    private ProducerThroughput() {}

    public static void main(String[] args) throws Exception {
        String bootstrap = args[0];
        String transferSetId = args[1];
        int repeats = Integer.parseInt(System.getenv().getOrDefault("BENCH_REPEATS", "3"));
        List<ConsumerRecord<byte[], byte[]>> records = read(bootstrap, transferSetId);
        System.out.printf(Locale.ROOT, "read %d records of set %s (%.1f MB of values)%n", records.size(),
                transferSetId, records.stream().mapToLong(r -> r.value().length).sum() / 1e6);
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.LINGER_MS_CONFIG, 10,
                ProducerConfig.BATCH_SIZE_CONFIG, 262_144,
                ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4"),
                new ByteArraySerializer(), new ByteArraySerializer())) {
            String topic = "soft-targets-bench-" + UUID.randomUUID().toString().substring(0, 8);
            for (int r = 0; r < repeats; r++) {
                AtomicReference<Exception> failure = new AtomicReference<>();
                long start = System.nanoTime();
                for (ConsumerRecord<byte[], byte[]> record : records) {
                    producer.send(new ProducerRecord<>(topic, record.key(), record.value()), (m, e) -> {
                        if (e != null) {
                            failure.compareAndSet(null, e);
                        }
                    });
                }
                producer.flush();
                double seconds = (System.nanoTime() - start) / 1e9;
                if (failure.get() != null) {
                    throw failure.get();
                }
                System.out.printf(Locale.ROOT, "plain producer: %d events in %.2f s = %.0f events/s%n",
                        records.size(), seconds, records.size() / seconds);
            }
        }
    }

    private static List<ConsumerRecord<byte[], byte[]>> read(String bootstrap, String transferSetId) {
        List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
        byte[] prefix = (transferSetId + "/").getBytes();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.GROUP_ID_CONFIG, "bench-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5_000),
                new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of("soft-targets"));
            int empty = 0;
            // Read to the end of the topic: other sets' records come first on a broker in use.
            while (empty < 10) {
                var batch = consumer.poll(Duration.ofMillis(500));
                for (ConsumerRecord<byte[], byte[]> r : batch) {
                    if (r.key() != null && startsWith(r.key(), prefix)) {
                        records.add(r);
                    }
                }
                empty = batch.isEmpty() ? empty + 1 : 0;
            }
        }
        return records;
    }

    private static boolean startsWith(byte[] value, byte[] prefix) {
        if (value.length < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if (value[i] != prefix[i]) {
                return false;
            }
        }
        return true;
    }
}
