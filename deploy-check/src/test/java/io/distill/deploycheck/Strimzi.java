package io.distill.deploycheck;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.distill.deploycheck.Services.Value;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Checks Strimzi's Kafka: KRaft, a topic per topic of the contract, only SCRAM over TLS with ACLs, each service as its own user. */
final class Strimzi {

    static final String SCRAM = "scram-sha-512";

    private Strimzi() {}

    static void check(Problems p, List<ObjectNode> docs) {
        List<ObjectNode> clusters = K8s.ofKind(docs, "Kafka");
        if (clusters.size() != 1) {
            p.add("expected one Strimzi Kafka, found " + clusters.size());
            return;
        }
        String cluster = K8s.name(clusters.get(0));
        String where = "Kafka " + cluster;
        JsonNode spec = clusters.get(0).at("/spec/kafka");
        Set<String> ports = new HashSet<>();
        for (JsonNode listener : spec.path("listeners")) {
            String at = where + ": listener " + listener.path("name").asText() + " (port " + listener.path("port").asText() + ")";
            String auth = listener.at("/authentication/type").asText("none");
            p.expect(listener.path("tls").asBoolean(), at + " is not TLS");
            p.expect(SCRAM.equals(auth), at + " authenticates with " + auth + ", expected " + SCRAM);
            ports.add(listener.path("tls").asBoolean() && SCRAM.equals(auth) ? listener.path("port").asText() : "");
        }
        p.expect("simple".equals(spec.at("/authorization/type").asText()), where + ": authorization is "
                + spec.at("/authorization/type").asText("none") + ", expected simple (ACLs, Kafka's StandardAuthorizer)");
        p.expect(spec.at("/authorization/superUsers").isEmpty(), where + ": super users " + spec.at("/authorization/superUsers")
                + " pass every ACL");
        p.expect(!spec.at("/config/allow.everyone.if.no.acl.found").asBoolean(), where + ": allow.everyone.if.no.acl.found lets anyone in");
        p.expect(clusters.get(0).at("/spec/entityOperator").has("userOperator"),
                where + ": no User Operator, so no KafkaUser takes effect");
        for (ObjectNode user : K8s.ofKind(docs, "KafkaUser")) {
            String at = "KafkaUser " + K8s.name(user);
            String auth = user.at("/spec/authentication/type").asText("none");
            p.expect(cluster.equals(user.at("/metadata/labels/strimzi.io~1cluster").asText()), at + ": not labelled strimzi.io/cluster="
                    + cluster);
            p.expect(SCRAM.equals(auth), at + ": authenticates with " + auth + ", expected " + SCRAM);
            p.expect("simple".equals(user.at("/spec/authorization/type").asText()), at
                    + ": authorization is not simple, so its ACLs do not apply");
        }
        int brokers = 0;
        Set<String> roles = new HashSet<>();
        for (ObjectNode pool : K8s.ofKind(docs, "KafkaNodePool")) {
            String at = "KafkaNodePool " + K8s.name(pool);
            p.expect(cluster.equals(pool.at("/metadata/labels/strimzi.io~1cluster").asText()), at + ": not labelled strimzi.io/cluster="
                    + cluster);
            roles.addAll(K8sSecurity.texts(pool.at("/spec/roles")));
            brokers += K8sSecurity.texts(pool.at("/spec/roles")).contains("broker") ? pool.at("/spec/replicas").asInt() : 0;
        }
        p.expect(roles.equals(Set.of("controller", "broker")), "the KafkaNodePools' roles are " + roles
                + ", expected controller and broker (KRaft)");
        topics(p, docs, cluster, brokers);
        for (Contract.Service s : Contract.SERVICES) {
            if (K8s.main(docs, s.name()).isObject()) {
                client(p, docs, s.name(), cluster, ports);
            }
        }
    }

    /** A KafkaTopic for every topic of the contract and every DLQ, with replicas the brokers can hold, and a retention. */
    private static void topics(Problems p, List<ObjectNode> docs, String cluster, int brokers) {
        for (String topic : Contract.topics()) {
            JsonNode t = K8s.ofKind(docs, "KafkaTopic").stream().filter(k -> topic.equals(k.at("/spec/topicName").asText(K8s.name(k))))
                    .findFirst().map(JsonNode.class::cast).orElse(null);
            String where = "KafkaTopic " + topic;
            if (t == null) {
                p.add("no KafkaTopic for topic " + topic);
                continue;
            }
            JsonNode config = t.at("/spec/config");
            long retention = config.path("retention.ms").asLong(0);
            p.expect(cluster.equals(t.at("/metadata/labels/strimzi.io~1cluster").asText()), where + ": not labelled strimzi.io/cluster="
                    + cluster);
            p.expect(t.at("/spec/replicas").asInt() >= 1 && t.at("/spec/replicas").asInt() <= brokers,
                    where + ": replicas " + t.at("/spec/replicas").asInt() + " is not between 1 and the " + brokers + " brokers");
            p.expect(config.path("cleanup.policy").asText().contains("compact") || config.has("retention.ms"),
                    where + ": retention not stated");
            // New students replay a transfer set for a week without the teacher running again.
            p.expect(!topic.equals("soft-targets") || retention == -1 || retention >= Contract.SOFT_TARGET_RETENTION_MS,
                    where + ": retention.ms " + retention + " is shorter than 7 days");
        }
    }

    /** A service: SASL_SSL and SCRAM to a secure listener, as its own KafkaUser,
            trusting the cluster CA's certificate, mounted read-only. */
    private static void client(Problems p, List<ObjectNode> docs, String service, String cluster, Set<String> ports) {
        String where = "Deployment " + service;
        JsonNode main = K8s.main(docs, service);
        Map<String, Value> env = K8s.env(main, docs);
        Services.sameAs(p, where, env, Services.SECURE_KAFKA);
        Services.sameAs(p, where, env, Map.of("KAFKA_SASL_JAAS_CONFIG", new Value("secret", service, "sasl.jaas.config", null)));
        p.expect(K8s.operatorSecrets(docs).containsKey(service), where + ": no SCRAM-SHA-512 KafkaUser " + service + " to log in as");
        for (String server : Services.text(env, "KAFKA_BOOTSTRAP_SERVERS").split(",")) {
            String[] hostPort = server.trim().split(":");
            p.expect(hostPort.length == 2 && hostPort[0].startsWith(cluster + "-kafka-bootstrap") && ports.contains(hostPort[1]),
                    where + ": KAFKA_BOOTSTRAP_SERVERS " + server.trim() + " is not a TLS and SCRAM listener of " + cluster);
        }
        String location = Services.text(env, "KAFKA_SSL_TRUSTSTORE_LOCATION");
        String dir = location.contains("/") ? location.substring(0, location.lastIndexOf('/')) : "";
        String file = location.substring(location.lastIndexOf('/') + 1);
        JsonNode volume = K8s.mountAt(K8s.find(docs, "Deployment", service).at("/spec/template/spec"), main, dir).path("secret");
        boolean isCa = volume.path("items").isEmpty() && "ca.crt".equals(file);
        for (JsonNode item : volume.path("items")) {
            isCa |= "ca.crt".equals(item.path("key").asText()) && file.equals(item.path("path").asText());
        }
        p.expect(isCa && (cluster + K8s.CA_SECRET_SUFFIX).equals(volume.path("secretName").asText()),
                where + ": KAFKA_SSL_TRUSTSTORE_LOCATION " + location + " is not the ca.crt of Secret " + cluster + K8s.CA_SECRET_SUFFIX);
        main.path("volumeMounts").forEach(m -> p.expect(!m.path("mountPath").asText().equals(dir) || m.path("readOnly").asBoolean(),
                where + ": the Kafka CA volume " + m.path("name").asText() + " is not mounted read-only"));
    }
}
