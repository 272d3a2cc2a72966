package io.distill.testkit;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.RecordsToDelete;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;
import org.apache.kafka.common.utils.Exit;

/**
 * A real single-node Kafka broker in KRaft mode, in the test JVM, as a Quarkus test resource.
 *
 * <p>It starts once per JVM and is shared by every test class and profile, since a broker takes a
 * few seconds to start and tests keep their data apart by topic or id. It stops when the JVM exits.
 * Quarkus loads each test profile in its own class loader, so the running broker is found through a
 * system property, not a static field.
 * Use it with {@code @WithTestResource(KafkaBroker.class)}; Dev Services stay off (they need Docker).
 */
public class KafkaBroker implements QuarkusTestResourceLifecycleManager {

    /**
     * Where the running broker's bootstrap servers are kept, for every class loader of the JVM.
     * Not under {@code distill.}: every key there must belong to the services' config mapping.
     */
    static final String BOOTSTRAP_PROPERTY = "testkit.kafka.bootstrap";

    private static KafkaClusterTestKit cluster;

    /** The running broker's bootstrap servers, starting it on first use. */
    public static String bootstrapServers() {
        // System properties are one object per JVM, whatever class loader this class came from.
        synchronized (System.getProperties()) {
            String running = System.getProperty(BOOTSTRAP_PROPERTY);
            if (running == null) {
                cluster = startCluster();
                Runtime.getRuntime().addShutdownHook(new Thread(KafkaBroker::shutdown, "kafka-test-broker-stop"));
                running = cluster.bootstrapServers();
                System.setProperty(BOOTSTRAP_PROPERTY, running);
            }
            return running;
        }
    }

    /**
     * Deletes every record of each partition before its offset, as retention does when it drops a
     * segment: the partition's log then starts there.
     */
    public static void deleteRecordsBefore(String topic, Map<Integer, Long> offsets) throws Exception {
        Map<TopicPartition, RecordsToDelete> deletions = new HashMap<>();
        offsets.forEach((partition, offset) -> deletions.put(new TopicPartition(topic, partition),
                RecordsToDelete.beforeOffset(offset)));
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers()))) {
            admin.deleteRecords(deletions).all().get(30, TimeUnit.SECONDS);
        }
    }

    @Override
    public Map<String, String> start() {
        return Map.of("kafka.bootstrap.servers", bootstrapServers());
    }

    @Override
    public void stop() {
        // Shared by every test of this JVM; the shutdown hook stops it.
    }

    private static KafkaClusterTestKit startCluster() {
        // Kafka halts the JVM when its log directories fail, as they can at exit when another shutdown
        // hook deletes the broker's temporary directories while it stops. That would turn a test run
        // whose tests all passed into a failed fork, so in the test JVM Kafka may not end the process.
        Exit.setHaltProcedure((status, message) -> System.err.println(
                "The test broker asked to halt the JVM (" + status + "): " + message + "; ignored"));
        Exit.setExitProcedure((status, message) -> System.err.println(
                "The test broker asked to exit the JVM (" + status + "): " + message + "; ignored"));
        try {
            TestKitNodes nodes = new TestKitNodes.Builder()
                    .setCombined(true)
                    .setNumBrokerNodes(1)
                    .setNumControllerNodes(1)
                    .build();
            // One broker: internal topics must not ask for more replicas, or consumer groups never join.
            KafkaClusterTestKit kit = new KafkaClusterTestKit.Builder(nodes)
                    .setConfigProp("offsets.topic.replication.factor", "1")
                    .setConfigProp("offsets.topic.num.partitions", "1")
                    .setConfigProp("transaction.state.log.replication.factor", "1")
                    .setConfigProp("transaction.state.log.min.isr", "1")
                    .setConfigProp("group.initial.rebalance.delay.ms", "0")
                    .setConfigProp("auto.create.topics.enable", "true")
                    .setConfigProp("num.partitions", "2")
                    // Retention is checked every second, not every 5 minutes, so that a test that gives a
                    // topic a retention of seconds sees its segments deleted.
                    .setConfigProp("log.retention.check.interval.ms", "1000")
                    .build();
            kit.format();
            kit.startup();
            kit.waitForReadyBrokers();
            return kit;
        } catch (Exception e) {
            throw new IllegalStateException("The in-JVM Kafka test broker did not start: " + e.getMessage(), e);
        }
    }

    private static synchronized void shutdown() {
        if (cluster != null) {
            try {
                cluster.close();
            } catch (Exception e) {
                // The JVM is exiting; nothing is left to protect.
            }
            cluster = null;
        }
    }
}
