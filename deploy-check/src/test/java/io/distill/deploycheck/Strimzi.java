package io.distill.deploycheck;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.distill.deploycheck.Env.Value;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Strimzi's Kafka in the rendered objects: a KRaft cluster with a KafkaTopic per topic of the contract; only TLS
 * listeners that authenticate with SASL/SCRAM-SHA-512, with ACLs enforced; SCRAM KafkaUsers; and each service
 * logged in as its own user, trusting the cluster CA. Which ACLs the users carry is {@link KafkaAcls}' part.
 */
final class Strimzi {

    static final String SCRAM = "scram-sha-512";

    private Strimzi() {}

    static void check(Problems p, List<ObjectNode> docs) {
        cluster(p, docs);
        List<ObjectNode> clusters = K8s.ofKind(docs, "Kafka");
        String cluster = clusters.isEmpty() ? "" : K8s.name(clusters.get(0));
        Set<String> ports = new LinkedHashSet<>();
        for (ObjectNode kafka : clusters) {
            String where = "Kafka " + K8s.name(kafka);
            JsonNode spec = kafka.path("spec").path("kafka");
            for (JsonNode listener : spec.path("listeners")) {
                String at = where + ": listener " + listener.path("name").asText() + " (port " + listener.path("port").asText() + ")";
                String auth = listener.path("authentication").path("type").asText("none");
                p.expect(listener.path("tls").asBoolean(), at + " is not TLS");
                p.expect(SCRAM.equals(auth), at + " authenticates with " + auth + ", expected " + SCRAM);
                if (listener.path("tls").asBoolean() && SCRAM.equals(auth)) {
                    ports.add(listener.path("port").asText());
                }
            }
            String authorization = spec.path("authorization").path("type").asText("none");
            p.expect("simple".equals(authorization), where + ": authorization is " + authorization + ", expected simple (ACLs, Kafka's StandardAuthorizer)");
            p.expect(spec.path("authorization").path("superUsers").isEmpty(), where + ": super users " + spec.path("authorization").path("superUsers") + " pass every ACL");
            p.expect(!spec.path("config").path("allow.everyone.if.no.acl.found").asBoolean(),
                    where + ": allow.everyone.if.no.acl.found lets anyone use a resource without ACLs");
            p.expect(kafka.path("spec").path("entityOperator").has("userOperator"),
                    where + ": no User Operator (entityOperator.userOperator), so no KafkaUser takes effect");
        }
        for (ObjectNode user : K8s.ofKind(docs, "KafkaUser")) {
            String where = "KafkaUser " + K8s.name(user);
            String label = user.path("metadata").path("labels").path("strimzi.io/cluster").asText();
            String auth = user.path("spec").path("authentication").path("type").asText("none");
            p.expect(cluster.equals(label), where + ": labelled strimzi.io/cluster=" + label + ", expected " + cluster);
            p.expect(SCRAM.equals(auth), where + ": authenticates with " + auth + ", expected " + SCRAM);
            p.expect("simple".equals(user.path("spec").path("authorization").path("type").asText()), where + ": authorization is not simple, so its ACLs are not applied");
        }
        for (Contract.Service s : Contract.SERVICES) {
            JsonNode main = K8s.main(docs, s.name());
            if (main.isObject() && clusters.size() == 1) {
                client(p, docs, s.name(), main, cluster, ports);
            }
        }
    }

    /**
     * A service: SASL_SSL with SCRAM-SHA-512 to a secure listener, the JAAS configuration from its own KafkaUser's
     * Secret, and a PEM truststore that is the cluster CA's certificate, mounted read-only.
     */
    private static void client(Problems p, List<ObjectNode> docs, String service, JsonNode main, String cluster, Set<String> ports) {
        String where = "Deployment " + service;
        Map<String, Value> env = Env.of(main, docs);
        Services.sameAs(p, where, env, Services.SECURE_KAFKA);
        for (String server : Env.text(env, "KAFKA_BOOTSTRAP_SERVERS").split(",")) {
            String[] hostPort = server.trim().split(":");
            p.expect(hostPort.length == 2 && hostPort[0].startsWith(cluster + "-kafka-bootstrap") && ports.contains(hostPort[1]),
                    where + ": KAFKA_BOOTSTRAP_SERVERS " + server.trim() + " is not " + cluster + "-kafka-bootstrap on a TLS listener with "
                            + SCRAM + " (ports " + ports + ")");
        }
        Services.sameAs(p, where, env, Map.of("KAFKA_SASL_JAAS_CONFIG", new Value("secret", service, "sasl.jaas.config", null)));
        p.expect(K8s.operatorSecrets(docs).containsKey(service), where + ": no SCRAM-SHA-512 KafkaUser " + service + " to log in as");
        String location = Env.text(env, "KAFKA_SSL_TRUSTSTORE_LOCATION");
        String dir = location.contains("/") ? location.substring(0, location.lastIndexOf('/')) : "";
        String file = location.substring(location.lastIndexOf('/') + 1);
        String caSecret = cluster + K8s.CA_SECRET_SUFFIX;
        JsonNode pod = K8s.find(docs, "Deployment", service).path("spec").path("template").path("spec");
        JsonNode volume = K8sChecks.mountAt(pod, main, dir).path("secret");
        boolean isCa = volume.path("items").isEmpty() && "ca.crt".equals(file);
        for (JsonNode item : volume.path("items")) {
            isCa |= "ca.crt".equals(item.path("key").asText()) && file.equals(item.path("path").asText());
        }
        p.expect(isCa && caSecret.equals(volume.path("secretName").asText()), where + ": KAFKA_SSL_TRUSTSTORE_LOCATION " + location + " is not in a volume of Secret " + caSecret + " key ca.crt");
        for (JsonNode m : main.path("volumeMounts")) {
            p.expect(!m.path("mountPath").asText().replaceAll("/+$", "").equals(dir) || m.path("readOnly").asBoolean(),
                    where + ": the Kafka CA volume " + m.path("name").asText() + " is not mounted read-only");
        }
    }

    /** One Strimzi Kafka in KRaft mode with node pools, bootstrapped by the ConfigMap, and a KafkaTopic per topic and DLQ. */
    private static void cluster(Problems p, List<ObjectNode> docs) {
        List<ObjectNode> clusters = K8s.ofKind(docs, "Kafka");
        if (clusters.size() != 1) {
            p.add("expected one Strimzi Kafka, found " + clusters.size());
            return;
        }
        String cluster = K8s.name(clusters.get(0));
        p.expect(!clusters.get(0).path("spec").path("kafka").path("listeners").isEmpty(), "Kafka " + cluster + ": no listeners");
        int brokers = 0;
        Set<String> roles = new HashSet<>();
        for (ObjectNode pool : K8s.ofKind(docs, "KafkaNodePool")) {
            String where = "KafkaNodePool " + K8s.name(pool);
            p.expect(cluster.equals(pool.path("metadata").path("labels").path("strimzi.io/cluster").asText()), where + ": not labelled for cluster " + cluster);
            p.expect(pool.path("spec").has("storage"), where + ": no storage");
            pool.path("spec").path("roles").forEach(r -> roles.add(r.asText()));
            brokers += pool.path("spec").path("roles").toString().contains("\"broker\"") ? pool.path("spec").path("replicas").asInt() : 0;
        }
        p.expect(roles.equals(Set.of("controller", "broker")), "the KafkaNodePools' roles are " + roles + ", expected controller and broker (KRaft)");
        for (ObjectNode cm : K8s.ofKind(docs, "ConfigMap")) {
            String servers = cm.path("data").path("KAFKA_BOOTSTRAP_SERVERS").asText(cluster + "-kafka-bootstrap:");
            p.expect(servers.startsWith(cluster + "-kafka-bootstrap:"), "ConfigMap " + K8s.name(cm) + ": KAFKA_BOOTSTRAP_SERVERS "
                    + servers + " is not Strimzi's " + cluster + "-kafka-bootstrap:<port>");
        }
        for (String topic : Contract.topics()) {
            JsonNode t = K8s.ofKind(docs, "KafkaTopic").stream().filter(k -> topic.equals(k.path("spec").path("topicName").asText(K8s.name(k))))
                    .findFirst().map(JsonNode.class::cast).orElse(null);
            if (t == null) {
                p.add("no KafkaTopic for topic " + topic);
                continue;
            }
            String where = "KafkaTopic " + topic;
            JsonNode spec = t.path("spec");
            p.expect(cluster.equals(t.path("metadata").path("labels").path("strimzi.io/cluster").asText()), where + ": not labelled strimzi.io/cluster=" + cluster);
            p.expect(spec.path("partitions").asInt() >= 1, where + ": partitions not stated");
            int replicas = spec.path("replicas").asInt();
            p.expect(replicas >= 1 && replicas <= brokers, where + ": replicas " + replicas + " is not between 1 and the " + brokers + " brokers");
            JsonNode config = spec.path("config");
            p.expect(config.path("cleanup.policy").asText().contains("compact") || config.has("retention.ms"),
                    where + ": retention not stated (retention.ms, or cleanup.policy compact)");
            long retention = config.path("retention.ms").asLong(0);
            p.expect(!topic.equals("soft-targets") || retention == -1 || retention >= Contract.SOFT_TARGET_RETENTION_MS,
                    where + ": retention.ms " + retention + " is shorter than 7 days");
        }
    }

}
