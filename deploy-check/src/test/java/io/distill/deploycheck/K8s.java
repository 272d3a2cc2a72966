package io.distill.deploycheck;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Looks things up in rendered Kubernetes objects: by kind and name, pods and containers, Secrets' keys. */
final class K8s {

    /** The Secret that Strimzi's Cluster Operator writes with the cluster CA's certificate: {@code <cluster>-cluster-ca-cert}. */
    static final String CA_SECRET_SUFFIX = "-cluster-ca-cert";

    private K8s() {}

    static List<ObjectNode> ofKind(List<ObjectNode> docs, String kind) {
        return docs.stream().filter(d -> kind.equals(d.path("kind").asText())).toList();
    }

    /** The object of that kind and name, or a missing node. */
    static JsonNode find(List<ObjectNode> docs, String kind, String name) {
        return ofKind(docs, kind).stream().filter(d -> name.equals(name(d))).findFirst().map(JsonNode.class::cast)
                .orElse(MissingNode.getInstance());
    }

    static String name(JsonNode object) {
        return object.path("metadata").path("name").asText();
    }

    /** Every pod template of a Deployment or a Job, by "Kind name". */
    static Map<String, JsonNode> pods(List<ObjectNode> docs) {
        Map<String, JsonNode> pods = new LinkedHashMap<>();
        for (ObjectNode d : docs) {
            if (Set.of("Deployment", "Job").contains(d.path("kind").asText())) {
                pods.put(d.path("kind").asText() + " " + name(d), d.path("spec").path("template").path("spec"));
            }
        }
        return pods;
    }

    /** A pod's init containers, then its containers. */
    static List<JsonNode> containers(JsonNode pod) {
        List<JsonNode> all = new ArrayList<>();
        pod.path("initContainers").forEach(all::add);
        pod.path("containers").forEach(all::add);
        return all;
    }

    /** The container named after its Deployment, or a missing node. */
    static JsonNode main(List<ObjectNode> docs, String deployment) {
        for (JsonNode c : find(docs, "Deployment", deployment).path("spec").path("template").path("spec").path("containers")) {
            if (deployment.equals(c.path("name").asText())) {
                return c;
            }
        }
        return MissingNode.getInstance();
    }

    static Set<String> secretKeys(JsonNode secret) {
        Set<String> keys = new LinkedHashSet<>();
        secret.path("data").fieldNames().forEachRemaining(keys::add);
        secret.path("stringData").fieldNames().forEachRemaining(keys::add);
        return keys;
    }

    /** A Secret's value for a key, from stringData or base64 data; null when it has none. */
    static String secretValue(JsonNode secret, String key) {
        if (secret.path("stringData").has(key)) {
            return secret.path("stringData").path(key).asText();
        }
        JsonNode data = secret.path("data").path(key);
        return data.isTextual() ? new String(Base64.getDecoder().decode(data.asText()), StandardCharsets.UTF_8) : null;
    }

    /** The Secrets Strimzi writes from the manifests, with their keys: each SCRAM KafkaUser's, and the cluster CA's. */
    static Map<String, Set<String>> operatorSecrets(List<ObjectNode> docs) {
        Map<String, Set<String>> made = new LinkedHashMap<>();
        for (ObjectNode user : ofKind(docs, "KafkaUser")) {
            if ("scram-sha-512".equals(user.path("spec").path("authentication").path("type").asText())) {
                made.put(name(user), Set.of("password", "sasl.jaas.config"));
            }
        }
        ofKind(docs, "Kafka").forEach(k -> made.put(name(k) + CA_SECRET_SUFFIX, Set.of("ca.crt", "ca.p12", "ca.password")));
        return made;
    }
}
