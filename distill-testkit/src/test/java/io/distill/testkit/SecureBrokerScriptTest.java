package io.distill.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.SaslConfigs;
import org.apache.kafka.common.config.SslConfigs;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * deploy/local/kafka.sh with {@code KAFKA_SECURITY=scram}: the broker takes SASL/SCRAM-SHA-512 over
 * TLS only, and deploy/kafka/acls.tsv decides who reads and writes what. The users' passwords and
 * the CA are those the script wrote for the services.
 */
class SecureBrokerScriptTest {

    private static final String SOFT_TARGETS = "soft-targets";
    private static final String DATASETS = "datasets";
    private static final Duration REFUSAL_WAIT = Duration.ofSeconds(5);

    @TempDir
    static Path work;

    private static Map<String, String> env;
    private static String bootstrap;

    @BeforeAll
    static void startSecureBroker() throws Exception {
        int port = LocalScript.freePort();
        bootstrap = "127.0.0.1:" + port;
        env = Map.of("KAFKA_SECURITY", "scram", "KAFKA_PORT", Integer.toString(port), "KAFKA_CONTROLLER_PORT",
                Integer.toString(LocalScript.freePort()), "KAFKA_WORK_DIR", work.toString(), "KAFKA_HEAP", "512m");
        run("start");
        // What the soft-target-service streams: one event, written with its own credentials.
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(user("soft-target-service",
                Map.of(ProducerConfig.ACKS_CONFIG, "all")), new StringSerializer(), new StringSerializer())) {
            producer.send(new ProducerRecord<>(SOFT_TARGETS, "ts-1/0", "{\"exampleId\":0}")).get(60, TimeUnit.SECONDS);
        }
    }

    @AfterAll
    static void stopBroker() throws Exception {
        run("stop");
    }

    @Test
    void theStudentServiceReadsSoftTargets() {
        assertThat(read(user("student-service", Map.of()))).extracting(ConsumerRecord::key).containsExactly("ts-1/0");
    }

    @Test
    void aClientWithoutCredentialsCannotReadSoftTargets() {
        Map<String, Object> anonymous = new HashMap<>(bounded());
        anonymous.put(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, "PLAINTEXT");
        // A plaintext client never gets past the TLS listener: no metadata, so no partition to read.
        assertThatThrownBy(() -> read(anonymous)).isInstanceOf(KafkaException.class);
    }

    @Test
    void aClientWithTlsButNoSaslUserCannotReadSoftTargets() {
        Map<String, Object> tlsOnly = new HashMap<>(bounded());
        tlsOnly.put(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, "SSL");
        tlsOnly.put(SslConfigs.SSL_TRUSTSTORE_TYPE_CONFIG, "PEM");
        tlsOnly.put(SslConfigs.SSL_TRUSTSTORE_LOCATION_CONFIG, work.resolve("secrets/ca.pem").toString());
        assertThatThrownBy(() -> read(tlsOnly)).isInstanceOf(KafkaException.class);
    }

    @Test
    void aWrongPasswordIsRefused() {
        Map<String, Object> settings = user("student-service", Map.of());
        settings.put(SaslConfigs.SASL_JAAS_CONFIG, jaas("student-service", "not-the-password"));
        assertThatThrownBy(() -> read(settings)).isInstanceOf(SaslAuthenticationException.class);
    }

    @Test
    void theTeacherServiceMayNeitherReadNorWriteSoftTargets() {
        assertThatThrownBy(() -> read(user("teacher-service", Map.of())))
                .isInstanceOf(TopicAuthorizationException.class);
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(user("teacher-service",
                Map.of(ProducerConfig.MAX_BLOCK_MS_CONFIG, (int) REFUSAL_WAIT.toMillis())),
                new StringSerializer(), new StringSerializer())) {
            assertThatThrownBy(() -> producer.send(new ProducerRecord<>(SOFT_TARGETS, "ts-1/1", "{}"))
                    .get(30, TimeUnit.SECONDS))
                    .isInstanceOf(ExecutionException.class)
                    .hasCauseInstanceOf(TopicAuthorizationException.class);
        }
    }

    @Test
    void theObserverMayReadButNotWrite() {
        assertThat(read(user("distill-observer", Map.of()))).hasSize(1);
        // It may write no topic at all, so the broker refuses even its idempotent producer's id.
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(user("distill-observer",
                Map.of(ProducerConfig.MAX_BLOCK_MS_CONFIG, (int) REFUSAL_WAIT.toMillis())),
                new StringSerializer(), new StringSerializer())) {
            assertThatThrownBy(() -> producer.send(new ProducerRecord<>(SOFT_TARGETS, "ts-1/1", "{}"))
                    .get(30, TimeUnit.SECONDS))
                    .hasCauseInstanceOf(AuthorizationException.class);
        }
    }

    @Test
    void theTeacherServiceAnnouncesDataSetsAndEveryServiceReadsThemInItsOwnGroup() throws Exception {
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(user("teacher-service",
                Map.of(ProducerConfig.ACKS_CONFIG, "all")), new StringSerializer(), new StringSerializer())) {
            producer.send(new ProducerRecord<>(DATASETS, "ds-1", "{\"datasetId\":\"ds-1\"}")).get(60, TimeUnit.SECONDS);
        }
        for (String service : List.of("teacher-service", "soft-target-service", "student-service",
                "specialist-service")) {
            Map<String, Object> consumer = user(service, Map.of(ConsumerConfig.GROUP_ID_CONFIG, service,
                    ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"));
            List<ConsumerRecord<String, String>> records = new ArrayList<>();
            try (KafkaConsumer<String, String> client = new KafkaConsumer<>(consumer, new StringDeserializer(),
                    new StringDeserializer())) {
                client.subscribe(List.of(DATASETS));
                await().atMost(Duration.ofSeconds(60)).pollInSameThread().pollInterval(Duration.ofMillis(1))
                        .until(() -> {
                            client.poll(Duration.ofMillis(500)).forEach(records::add);
                            return !records.isEmpty();
                        });
                client.commitSync();
            }
            assertThat(records).as(service).extracting(ConsumerRecord::key).containsExactly("ds-1");
        }
    }

    /** Every record of soft-targets, read the way the services read it: assigned, no group. */
    private List<ConsumerRecord<String, String>> read(Map<String, Object> settings) {
        Map<String, Object> consumer = new HashMap<>(settings);
        consumer.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        List<ConsumerRecord<String, String>> records = new ArrayList<>();
        try (KafkaConsumer<String, String> client = new KafkaConsumer<>(consumer, new StringDeserializer(),
                new StringDeserializer())) {
            List<TopicPartition> partitions = client.partitionsFor(SOFT_TARGETS, REFUSAL_WAIT).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            client.assign(partitions);
            client.seekToBeginning(partitions);
            // The consumer's own poll waits for records, and it must stay on this thread.
            await().atMost(Duration.ofSeconds(30)).pollInSameThread().pollInterval(Duration.ofMillis(1))
                    .until(() -> {
                        client.poll(Duration.ofMillis(500)).forEach(records::add);
                        return !records.isEmpty();
                    });
        }
        return records;
    }

    /** What kafka.sh wrote for {@code principal}, plus {@code own}. */
    private static Map<String, Object> user(String principal, Map<String, Object> own) {
        Map<String, Object> settings = new HashMap<>(bounded());
        settings.put(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, "SASL_SSL");
        settings.put(SaslConfigs.SASL_MECHANISM, "SCRAM-SHA-512");
        settings.put(SaslConfigs.SASL_JAAS_CONFIG, jaas(principal, password(principal)));
        settings.put(SslConfigs.SSL_TRUSTSTORE_TYPE_CONFIG, "PEM");
        settings.put(SslConfigs.SSL_TRUSTSTORE_LOCATION_CONFIG, work.resolve("secrets/ca.pem").toString());
        settings.putAll(own);
        return settings;
    }

    private static Map<String, Object> bounded() {
        return Map.of(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                CommonClientConfigs.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) REFUSAL_WAIT.toMillis(),
                CommonClientConfigs.REQUEST_TIMEOUT_MS_CONFIG, (int) REFUSAL_WAIT.toMillis());
    }

    private static String password(String principal) {
        try {
            return Files.readString(work.resolve("secrets/" + principal + ".password")).trim();
        } catch (IOException e) {
            throw new IllegalStateException("kafka.sh wrote no password for " + principal, e);
        }
    }

    private static String jaas(String principal, String password) {
        return "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"" + principal
                + "\" password=\"" + password + "\";";
    }

    private static void run(String command) throws IOException, InterruptedException {
        LocalScript.Result result = new LocalScript("kafka").run(command, env);
        assertThat(result.exitCode()).as("kafka.sh %s said: %s", command, result.output()).isZero();
    }
}
