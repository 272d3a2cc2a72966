package io.distill.deploycheck;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.distill.deploycheck.Services.Value;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Checks the servers the services share (PostgreSQL, MinIO, Kafka) and that credentials are only in Secrets. */
final class K8sState {

    /** What marks a credential in the repository's Secrets as a value to replace. */
    private static final String PLACEHOLDER = "REPLACE-ME";

    private K8sState() {}

    /** Checks the shared state, and returns the variables through which every service must use it. */
    static Map<String, Value> check(Problems p, List<ObjectNode> docs) {
        Map<String, Set<String>> made = K8s.operatorSecrets(docs);
        K8s.ofKind(docs, "ConfigMap").forEach(cm -> cm.path("data").fieldNames().forEachRemaining(key ->
                p.expect(!Contract.isCredential(key), "ConfigMap " + K8s.name(cm), "holds credential " + key)));
        // Every credential a container takes is a Secret's key that the manifests hold or Strimzi makes from them.
        K8s.pods(docs).forEach((owner, pod) -> K8s.containers(pod).forEach(c -> K8s.env(c, docs).forEach((name, v) -> {
            String where = owner + " container " + c.path("name").asText();
            boolean secret = "secret".equals(v.kind());
            p.expect(!secret || K8s.secretValue(K8s.find(docs, "Secret", v.name()), v.key()) != null
                    || made.getOrDefault(v.name(), Set.of()).contains(v.key()), where, name + " refers to Secret "
                    + v.name() + " key " + v.key() + ", which the manifests do not hold");
            p.expect(secret || !Contract.isCredential(name), where, "credential " + name + " is " + v
                    + ", not a Secret's");
        })));
        // Real credentials stay out of the repository.
        K8s.ofKind(docs, "Secret").forEach(s -> K8s.secretKeys(s).forEach(key -> p.expect(!key.matches(
                "(?i).*(password|secret).*") || K8s.secretValue(s, key).contains(PLACEHOLDER), "Secret " + K8s.name(s),
                key + " is not a " + PLACEHOLDER + " placeholder")));
        Map<String, Value> expected = new LinkedHashMap<>();
        database(p, docs, expected);
        objectStore(p, docs, expected);
        return expected;
    }

    /** One CloudNativePG Cluster that creates the database and its owner; the services use its read-write Service. */
    private static void database(Problems p, List<ObjectNode> docs, Map<String, Value> expected) {
        List<ObjectNode> clusters = K8s.ofKind(docs, "Cluster");
        if (clusters.size() != 1) {
            p.add("CloudNativePG: expected one Cluster, found " + clusters.size());
            return;
        }
        String name = K8s.name(clusters.get(0));
        String where = "Cluster " + name;
        JsonNode initdb = clusters.get(0).at("/spec/bootstrap/initdb");
        String database = initdb.path("database").asText();
        String owner = initdb.path("owner").asText();
        String secretName = initdb.at("/secret/name").asText();
        if (database.isEmpty() || owner.isEmpty() || secretName.isEmpty()) {
            p.add(where + ": bootstrap.initdb must name the database, its owner and the owner's secret");
            return;
        }
        JsonNode secret = K8s.find(docs, "Secret", secretName);
        p.expect("kubernetes.io/basic-auth".equals(secret.path("type").asText()), where,
                "the owner's secret " + secretName + " is not a kubernetes.io/basic-auth Secret among the manifests");
        p.expect(!secret.isObject() || owner.equals(K8s.secretValue(secret, "username"))
                && K8s.secretValue(secret, "password") != null, where, "Secret " + secretName
                + " does not hold the owner " + owner + " and a password");
        expected.put("QUARKUS_DATASOURCE_JDBC_URL", Value.of("jdbc:postgresql://" + name + "-rw:5432/" + database));
        expected.put("QUARKUS_DATASOURCE_USERNAME", new Value("secret", secretName, "username", null));
        expected.put("QUARKUS_DATASOURCE_PASSWORD", new Value("secret", secretName, "password", null));
    }

    /**
     * MinIO keeps its data on a PVC and serves the services' endpoint through a Service, with the services' access key
     * as its root credentials; a Job with the same endpoint and key creates the services' bucket.
     */
    private static void objectStore(Problems p, List<ObjectNode> docs, Map<String, Value> expected) {
        JsonNode pod = K8s.find(docs, "Deployment", "minio").path("spec").path("template");
        if (K8s.main(docs, "minio").isMissingNode()) {
            p.add("Deployment minio: missing (the object store)");
            return;
        }
        p.expect(pod.at("/spec/volumes").findValuesAsText("claimName").stream()
                .anyMatch(c -> K8s.find(docs, "PersistentVolumeClaim", c).isObject()), "Deployment minio",
                "keeps its data on no PVC among the manifests");
        Map<String, Value> store = new LinkedHashMap<>();
        K8s.ofKind(docs, "Service").stream().filter(svc -> K8s.selects(svc, pod.at("/metadata/labels")))
                .forEach(svc -> store.putIfAbsent("DISTILL_OBJECT_STORE_ENDPOINT", Value.of("http://" + K8s.name(svc)
                + ":" + svc.at("/spec/ports/0/port").asText())));
        p.expect(!store.isEmpty(), "Deployment minio", "no Service selects its pods");
        Map<String, Value> server = K8s.env(K8s.main(docs, "minio"), docs);
        store.put("AWS_ACCESS_KEY_ID", server.get("MINIO_ROOT_USER"));
        store.put("AWS_SECRET_ACCESS_KEY", server.get("MINIO_ROOT_PASSWORD"));
        expected.putAll(store);
        for (ObjectNode job : K8s.ofKind(docs, "Job")) {
            for (JsonNode c : K8s.containers(job.at("/spec/template/spec"))) {
                String script = c.path("command") + " " + c.path("args");
                if (script.contains("mc mb") && script.contains("$DISTILL_OBJECT_STORE_BUCKET")) {
                    Map<String, Value> env = K8s.env(c, docs);
                    Services.sameAs(p, "Job " + K8s.name(job), env, store);
                    expected.put("DISTILL_OBJECT_STORE_BUCKET", env.get("DISTILL_OBJECT_STORE_BUCKET"));
                    return;
                }
            }
        }
        p.add("Jobs: none creates the bucket DISTILL_OBJECT_STORE_BUCKET (mc mb)");
    }

    /**
     * Checks Strimzi's Kafka: KRaft, a topic per topic of the contract, only SCRAM over TLS, ACLs and their users.
     * Returns the bootstrap addresses of its TLS and SCRAM listeners; null with no Kafka.
     */
    static Set<String> kafka(Problems p, List<ObjectNode> docs) {
        List<ObjectNode> clusters = K8s.ofKind(docs, "Kafka");
        if (clusters.size() != 1) {
            p.add("Strimzi: expected one Kafka, found " + clusters.size());
            return null;
        }
        Set<String> brokers = new HashSet<>();
        String cluster = K8s.name(clusters.get(0));
        String where = "Kafka " + cluster;
        JsonNode spec = clusters.get(0).at("/spec/kafka");
        for (JsonNode listener : spec.path("listeners")) {
            String at = where + ": listener " + listener.path("name").asText();
            String auth = listener.at("/authentication/type").asText("none");
            p.expect(listener.path("tls").asBoolean(), at, "not TLS");
            p.expect(K8s.SCRAM.equals(auth), at, "authenticates with " + auth + ", expected " + K8s.SCRAM);
            if (listener.path("tls").asBoolean() && K8s.SCRAM.equals(auth)) {
                brokers.add(cluster + "-kafka-bootstrap:" + listener.path("port").asText());
            }
        }
        JsonNode authorization = spec.path("authorization");
        p.expect("simple".equals(authorization.path("type").asText()), where, "authorization is "
                + authorization.path("type").asText("none") + ", expected simple (ACLs, Kafka's StandardAuthorizer)");
        p.expect(authorization.path("superUsers").isEmpty(), where, "super users " + authorization.path("superUsers")
                + " pass every ACL");
        p.expect(!spec.at("/config/allow.everyone.if.no.acl.found").asBoolean(), where,
                "allow.everyone.if.no.acl.found lets anyone in");
        p.expect(clusters.get(0).at("/spec/entityOperator").has("userOperator"), where,
                "no User Operator, so no KafkaUser takes effect");
        // The operators take only what carries their cluster's label.
        for (String kind : List.of("KafkaNodePool", "KafkaTopic", "KafkaUser")) {
            K8s.ofKind(docs, kind).forEach(o -> p.expect(cluster.equals(o.at("/metadata/labels/strimzi.io~1cluster")
                    .asText()), kind + " " + K8s.name(o), "not labelled strimzi.io/cluster=" + cluster));
        }
        K8s.ofKind(docs, "KafkaUser").forEach(user -> p.expect(K8s.SCRAM.equals(user.at("/spec/authentication/type")
                .asText()), "KafkaUser " + K8s.name(user), "authenticates with " + user.at("/spec/authentication/type")
                .asText("none") + ", expected " + K8s.SCRAM));
        int replicas = 0;
        Set<String> roles = new HashSet<>();
        for (ObjectNode pool : K8s.ofKind(docs, "KafkaNodePool")) {
            List<String> its = K8sSecurity.texts(pool.at("/spec/roles"));
            roles.addAll(its);
            replicas += its.contains("broker") ? pool.at("/spec/replicas").asInt() : 0;
        }
        p.expect(roles.equals(Set.of("controller", "broker")), "KafkaNodePools", "roles " + roles
                + ", expected controller and broker (KRaft)");
        for (String topic : Contract.topics()) {
            JsonNode t = K8s.ofKind(docs, "KafkaTopic").stream()
                    .filter(k -> topic.equals(k.at("/spec/topicName").asText(K8s.name(k)))).findFirst()
                    .map(JsonNode.class::cast).orElse(null);
            if (t == null) {
                p.add("KafkaTopics: none for topic " + topic);
                continue;
            }
            JsonNode config = t.at("/spec/config");
            long retention = config.path("retention.ms").asLong(0);
            int copies = t.at("/spec/replicas").asInt();
            p.expect(copies >= 1 && copies <= replicas, "KafkaTopic " + topic, "replicas " + copies
                    + " is not between 1 and the " + replicas + " brokers");
            p.expect(config.path("cleanup.policy").asText().contains("compact") || config.has("retention.ms"),
                    "KafkaTopic " + topic, "retention not stated");
            p.expect(!Contract.COMPACTED.contains(topic) || config.path("cleanup.policy").asText().equals("compact"),
                    "KafkaTopic " + topic, "cleanup.policy is not compact");
            // New students replay a transfer set for a week without the teacher running again.
            p.expect(!topic.equals("soft-targets") || retention == -1 || retention >= Contract.SOFT_TARGET_RETENTION_MS,
                    "KafkaTopic " + topic, "retention.ms " + retention + " is shorter than 7 days");
        }
        return brokers;
    }
}
