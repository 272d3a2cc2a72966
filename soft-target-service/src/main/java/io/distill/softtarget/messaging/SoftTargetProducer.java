package io.distill.softtarget.messaging;

import io.distill.contract.events.SoftTarget;
import io.distill.contract.events.Topics;
import io.distill.server.messaging.KafkaClients;
import io.distill.softtarget.config.SoftTargetConfig;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.IntConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Streams {@link SoftTarget} events on {@code soft-targets}, one per example and copy, keyed
 * {@code <transferSetId>/<exampleId>} ({@code .<copy>} appended for a jittered copy).
 *
 * <p>A plain Kafka producer rather than a channel: a transfer set is tens of thousands of events
 * sent as fast as the broker takes them, and its manifest needs the partition and offset of each
 * one, which the producer's callback gives. It is built by {@link KafkaClients}, so every
 * {@code kafka.*} setting (TLS, SASL...) reaches it, with idempotence on and {@code acks=all}; its
 * batching and compression are {@code distill.soft-targets.*}. Values arrive as ready JSON bytes
 * ({@code SoftTargetSerializer.write}), so the caller chooses the thread that serialises them.
 */
@ApplicationScoped
public class SoftTargetProducer {

    private final KafkaProducer<String, byte[]> producer;

    public SoftTargetProducer(KafkaClients clients, SoftTargetConfig config) {
        this.producer = clients.producer("stream", new StringSerializer(), new ByteArraySerializer(), Map.of(
                ProducerConfig.LINGER_MS_CONFIG, config.lingerMs(),
                ProducerConfig.BATCH_SIZE_CONFIG, config.batchBytes(),
                ProducerConfig.COMPRESSION_TYPE_CONFIG, config.compression()));
    }

    /** One transfer set's sending: counts acknowledged events and the offset range per partition. */
    public final class Stream {
        private final Map<Integer, long[]> offsets = new TreeMap<>();
        private final AtomicReference<Exception> failure = new AtomicReference<>();
        private final IntConsumer acknowledgedBytes;
        private long acknowledged;

        private Stream(IntConsumer acknowledgedBytes) {
            this.acknowledgedBytes = acknowledgedBytes;
        }

        /** Sends one event's JSON under its key; a broker failure surfaces at {@link #finish()}. */
        public void send(String key, byte[] json) {
            producer.send(new ProducerRecord<>(Topics.SOFT_TARGETS, key, json), (metadata, error) -> {
                if (error != null) {
                    failure.compareAndSet(null, error);
                    return;
                }
                acknowledgedBytes.accept(Math.max(0, metadata.serializedKeySize())
                        + Math.max(0, metadata.serializedValueSize()));
                synchronized (this) {
                    acknowledged++;
                    offsets.merge(metadata.partition(), new long[] {metadata.offset(), metadata.offset()},
                            (a, b) -> new long[] {Math.min(a[0], b[0]), Math.max(a[1], b[1])});
                }
            });
        }

        public synchronized long acknowledged() {
            return acknowledged;
        }

        /** Waits for every event to be acknowledged; returns the offset range of each partition. */
        public Map<String, long[]> finish() {
            // Not under the lock: the callbacks that flush waits for take it.
            producer.flush();
            if (failure.get() != null) {
                throw new IllegalStateException("Kafka refused soft-target events: " + failure.get().getMessage(),
                        failure.get());
            }
            Map<String, long[]> byPartition = new TreeMap<>();
            synchronized (this) {
                offsets.forEach((partition, range) -> byPartition.put(Integer.toString(partition), range));
            }
            return byPartition;
        }
    }

    /** Opens a set's sending; {@code acknowledgedBytes} hears the size (key and value) of each acknowledged event. */
    public Stream open(IntConsumer acknowledgedBytes) {
        return new Stream(acknowledgedBytes);
    }

    @PreDestroy
    void close() {
        producer.close();
    }
}
