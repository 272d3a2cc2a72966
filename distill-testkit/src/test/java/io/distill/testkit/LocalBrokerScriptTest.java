package io.distill.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
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

    private static final Path SCRIPT = Path.of("..", "deploy", "local", "kafka.sh").toAbsolutePath().normalize();

    @TempDir
    Path work;

    @Test
    void startedBrokerServesAPlainProducerAndConsumerAndStopLeavesNoProcess() throws Exception {
        int port = freePort();
        int controllerPort = freePort();
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
                long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
                while (received.isEmpty() && System.nanoTime() < deadline) {
                    consumer.poll(Duration.ofMillis(500)).forEach(received::add);
                }
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
        assertThat(portOpen(port)).isFalse();
    }

    private void run(String command, int port, int controllerPort) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder("bash", SCRIPT.toString(), command).redirectErrorStream(true);
        pb.environment().put("KAFKA_PORT", Integer.toString(port));
        pb.environment().put("KAFKA_CONTROLLER_PORT", Integer.toString(controllerPort));
        pb.environment().put("KAFKA_WORK_DIR", work.toString());
        pb.environment().put("KAFKA_HEAP", "512m");
        Process process = pb.start();
        String output = new String(process.getInputStream().readAllBytes());
        assertThat(process.waitFor(180, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as("kafka.sh %s said: %s", command, output).isZero();
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static boolean portOpen(int port) {
        try (Socket ignored = new Socket("127.0.0.1", port)) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
