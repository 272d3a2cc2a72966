package io.distill.student;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.distill.contract.events.Topics;
import io.distill.testkit.KafkaBroker;
import io.distill.testkit.ServiceReplica;
import io.distill.testkit.TinyTeachers;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.StringSerializer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The packaged soft-target-service and student-service, as processes on one database, object store
 * and the test broker, whose {@code soft-targets} keeps events two seconds in segments of one (the
 * broker checks retention every second). A set streamed there is soon deleted by Kafka itself; a
 * student posted afterwards finds it expired, has it streamed again and trains on generation 2.
 */
class ExpiredSetRestreamIT {

    private static final Set<String> FINAL = Set.of("SUCCEEDED", "FAILED", "CANCELLED");

    private static ServiceReplica softTargets;
    private static ServiceReplica students;

    @BeforeAll
    static void startBothServices() throws Exception {
        Path work = Path.of("target", "expired-set-it").toAbsolutePath();
        ServiceReplica.Cluster cluster = ServiceReplica.Cluster.fresh(
                Path.of("target", "quarkus-app", "quarkus-run.jar").toAbsolutePath(), work);
        ServiceReplica.Cluster softTargetCluster = new ServiceReplica.Cluster(
                Path.of("..", "soft-target-service", "target", "quarkus-app", "quarkus-run.jar").toAbsolutePath()
                        .normalize(), cluster.database(), cluster.bucket(), cluster.bootstrap(), work);
        softTargets = ServiceReplica.start(softTargetCluster, "soft-target-it", Map.of());
        students = ServiceReplica.start(cluster, "student-it", Map.of());
    }

    @AfterAll
    static void stop() throws Exception {
        for (ServiceReplica replica : new ServiceReplica[] {students, softTargets}) {
            if (replica != null) {
                replica.close();
            }
        }
    }

    @Test
    void aStudentOfASetThatRetentionDeletedSucceedsThroughAReStream() throws Exception {
        Path teacher = TinyTeachers.create("tiny-expiring", 31);
        TinyTeachers.announce("tiny-expiring", "tj-expiring", 0, 1, TinyTeachers.sha256(teacher), null);
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                KafkaBroker.bootstrapServers()))) {
            retention(admin, "2000", "1000");
            String set = softTargets.post("/transfer-sets",
                    "{\"teacherModelIds\": [\"tiny-expiring\"], \"limit\": 200}").path("id").asText();
            JsonNode first = await(softTargets, "/transfer-sets/" + set, j -> FINAL.contains(j.path("state").asText()),
                    Duration.ofMinutes(2));
            assertThat(first.path("state").asText()).isEqualTo("SUCCEEDED");
            assertThat(first.path("generation").asInt()).isEqualTo(1);
            Map<Integer, Long> firstOffsets = new HashMap<>();
            first.path("metrics").path("offsets").fields().forEachRemaining(
                    p -> firstOffsets.put(Integer.parseInt(p.getKey()), p.getValue().get(0).asLong()));

            // Kafka deletes only closed segments: a record after segment.ms closes the set's.
            Thread.sleep(1_500);
            try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                    ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaBroker.bootstrapServers()),
                    new StringSerializer(), new StringSerializer())) {
                for (int partition : firstOffsets.keySet()) {
                    producer.send(new ProducerRecord<>(Topics.SOFT_TARGETS, partition, "roll/" + partition, "{}"))
                            .get(30, TimeUnit.SECONDS);
                }
            }
            Awaitility.await("Kafka deleting transfer set " + set).atMost(Duration.ofMinutes(1))
                    .pollInterval(Duration.ofMillis(500)).until(() -> logStarts(admin, firstOffsets.keySet()),
                            starts -> firstOffsets.entrySet().stream().allMatch(e -> starts.get(e.getKey()) > e.getValue()));
            // The re-stream must outlive the student's reading of it.
            retention(admin, "3600000", "604800000");
            assertThat(softTargets.get("/transfer-sets/" + set).path("expired").asBoolean()).isTrue();

            String student = students.post("/students", "{\"transferSetId\": \"" + set + "\", \"hidden\": [16],"
                    + " \"epochs\": 1}").path("id").asText();
            JsonNode done = await(students, "/students/" + student, j -> FINAL.contains(j.path("state").asText()),
                    Duration.ofMinutes(3));

            assertThat(done.path("state").asText()).as(done.path("error").asText()).isEqualTo("SUCCEEDED");
            assertThat(done.path("metrics").path("transferSetGeneration").asInt()).isEqualTo(2);
            assertThat(done.path("metrics").path("trainExamples").asInt()).isEqualTo(200);
            JsonNode again = softTargets.get("/transfer-sets/" + set);
            assertThat(again.path("generation").asInt()).isEqualTo(2);
            assertThat(again.path("expired").asBoolean()).isFalse();
        }
    }

    /** Sets soft-targets' retention and segment time, creating the topic if it is not there yet. */
    private static void retention(Admin admin, String retentionMs, String segmentMs) throws Exception {
        if (!admin.listTopics().names().get(30, TimeUnit.SECONDS).contains(Topics.SOFT_TARGETS)) {
            admin.createTopics(List.of(new NewTopic(Topics.SOFT_TARGETS, Optional.empty(), Optional.empty())))
                    .all().get(30, TimeUnit.SECONDS);
        }
        ConfigResource topic = new ConfigResource(ConfigResource.Type.TOPIC, Topics.SOFT_TARGETS);
        Collection<AlterConfigOp> changes = List.of(
                new AlterConfigOp(new ConfigEntry(TopicConfig.RETENTION_MS_CONFIG, retentionMs), AlterConfigOp.OpType.SET),
                new AlterConfigOp(new ConfigEntry(TopicConfig.SEGMENT_MS_CONFIG, segmentMs), AlterConfigOp.OpType.SET));
        admin.incrementalAlterConfigs(Map.of(topic, changes)).all().get(30, TimeUnit.SECONDS);
    }

    private static Map<Integer, Long> logStarts(Admin admin, Set<Integer> partitions) throws Exception {
        Map<TopicPartition, OffsetSpec> earliest = new HashMap<>();
        partitions.forEach(p -> earliest.put(new TopicPartition(Topics.SOFT_TARGETS, p), OffsetSpec.earliest()));
        Map<Integer, Long> starts = new HashMap<>();
        admin.listOffsets(earliest).all().get(30, TimeUnit.SECONDS)
                .forEach((tp, info) -> starts.put(tp.partition(), info.offset()));
        return starts;
    }

    private static JsonNode await(ServiceReplica replica, String path, Predicate<JsonNode> until, Duration timeout) {
        return Awaitility.await(path + " on " + replica.name()).atMost(timeout).pollInterval(Duration.ofMillis(250))
                .until(() -> replica.get(path), until);
    }

}
