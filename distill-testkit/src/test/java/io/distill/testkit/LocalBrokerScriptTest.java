package io.distill.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** deploy/local/kafka.sh runs a real broker that plain kafka-clients can use, and stops it completely. */
class LocalBrokerScriptTest {


    @TempDir
    Path work;

    @Test
    void startedBrokerServesAPlainProducerAndConsumerAndStopLeavesNoProcess() throws Exception {
        int port = LocalScript.freePort();
        int controllerPort = LocalScript.freePort();
        long pid;
        try {
            run("start", port, controllerPort);
            pid = Long.parseLong(Files.readString(work.resolve("broker.pid")).trim());
            assertThat(ProcessHandle.of(pid)).get().matches(ProcessHandle::isAlive);

            String bootstrap = "127.0.0.1:" + port;
            try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                    ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                    ProducerConfig.ACKS_CONFIG, "all",
                    ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true),
                    new StringSerializer(), new StringSerializer())) {
                producer.send(new ProducerRecord<>("script-check", "k1", "hello")).get(30, TimeUnit.SECONDS);
            }
            List<ConsumerRecord<String, String>> received = new ArrayList<>();
            try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                    ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                    ConsumerConfig.GROUP_ID_CONFIG, "script-check",
                    ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"),
                    new StringDeserializer(), new StringDeserializer())) {
                consumer.subscribe(List.of("script-check"));
                // The consumer's own poll waits for records, and it must stay on this thread.
                await().atMost(Duration.ofSeconds(30)).pollInSameThread().pollInterval(Duration.ofMillis(1))
                        .until(() -> {
                            consumer.poll(Duration.ofMillis(500)).forEach(received::add);
                            return !received.isEmpty();
                        });
            }
            assertThat(received).singleElement().satisfies(r -> {
                assertThat(r.key()).isEqualTo("k1");
                assertThat(r.value()).isEqualTo("hello");
            });
        } finally {
            run("stop", port, controllerPort);
        }

        assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)).isFalse();
        assertThat(work.resolve("broker.pid")).doesNotExist();
        assertThat(LocalScript.portOpen(port)).isFalse();
    }

    private void run(String command, int port, int controllerPort) throws IOException, InterruptedException {
        LocalScript.Result result = new LocalScript("kafka").run(command, Map.of("KAFKA_PORT",
                Integer.toString(port), "KAFKA_CONTROLLER_PORT", Integer.toString(controllerPort), "KAFKA_WORK_DIR",
                work.toString(), "KAFKA_HEAP", "512m"));
        assertThat(result.exitCode()).as("kafka.sh %s said: %s", command, result.output()).isZero();
    }
}
