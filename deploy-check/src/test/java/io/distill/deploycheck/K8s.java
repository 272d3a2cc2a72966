package io.distill.deploycheck;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.distill.deploycheck.Services.Value;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Looks things up in rendered Kubernetes objects: by kind and name, pods, containers and their variables, Secrets' keys. */
final class K8s {

    /** The Secret with the cluster CA's certificate that Strimzi's Cluster Operator writes: {@code <cluster>-cluster-ca-cert}. */
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
        return object.at("/metadata/name").asText();
    }

    /** Every pod template of a Deployment or a Job, by "Kind name". */
    static Map<String, JsonNode> pods(List<ObjectNode> docs) {
        Map<String, JsonNode> pods = new LinkedHashMap<>();
        docs.stream().filter(d -> Set.of("Deployment", "Job").contains(d.path("kind").asText()))
                .forEach(d -> pods.put(d.path("kind").asText() + " " + name(d), d.at("/spec/template/spec")));
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
        for (JsonNode c : find(docs, "Deployment", deployment).at("/spec/template/spec/containers")) {
            if (deployment.equals(c.path("name").asText())) {
                return c;
            }
        }
        return MissingNode.getInstance();
    }

    /** The volume the container mounts at {@code path}, or a missing node. */
    static JsonNode mountAt(JsonNode pod, JsonNode container, String path) {
        for (JsonNode m : container.path("volumeMounts")) {
            for (JsonNode v : m.path("mountPath").asText().equals(path) ? pod.path("volumes") : MissingNode.getInstance()) {
                if (v.path("name").equals(m.path("name"))) {
                    return v;
                }
            }
        }
        return MissingNode.getInstance();
    }

    /** A container's variables and where each comes from: its ConfigMaps' and Secrets' keys, then its own env, which wins. */
    static Map<String, Value> env(JsonNode container, List<ObjectNode> docs) {
        Map<String, Value> env = new LinkedHashMap<>();
        for (JsonNode from : container.path("envFrom")) {
            String cm = from.at("/configMapRef/name").asText();
            find(docs, "ConfigMap", cm).path("data").properties()
                    .forEach(e -> env.put(e.getKey(), new Value("configMap", cm, e.getKey(), e.getValue().asText())));
            String secret = from.at("/secretRef/name").asText();
            secretKeys(find(docs, "Secret", secret)).forEach(k -> env.put(k, new Value("secret", secret, k, null)));
        }
        for (JsonNode e : container.path("env")) {
            JsonNode from = e.path("valueFrom");
            JsonNode ref = from.has("secretKeyRef") ? from.path("secretKeyRef") : from.path("configMapKeyRef");
            String name = ref.path("name").asText();
            String key = ref.path("key").asText();
            env.put(e.path("name").asText(), from.has("secretKeyRef") ? new Value("secret", name, key, null)
                    : ref.isObject() ? new Value("configMap", name, key, find(docs, "ConfigMap", name).at("/data").path(key).asText())
                    : from.has("fieldRef") ? new Value("field", null, from.at("/fieldRef/fieldPath").asText(), null)
                    : from.isMissingNode() ? Value.of(e.path("value").asText()) : new Value("other", null, from.toString(), null));
        }
        return env;
    }

    static Set<String> secretKeys(JsonNode secret) {
        Set<String> keys = new LinkedHashSet<>();
        secret.path("data").fieldNames().forEachRemaining(keys::add);
        secret.path("stringData").fieldNames().forEachRemaining(keys::add);
        return keys;
    }

    /** A Secret's value for a key, from stringData or base64 data; null when it has none. */
    static String secretValue(JsonNode secret, String key) {
        JsonNode data = secret.path("data").path(key);
        return secret.path("stringData").has(key) ? secret.path("stringData").path(key).asText()
                : data.isTextual() ? new String(Base64.getDecoder().decode(data.asText()), StandardCharsets.UTF_8) : null;
    }

    /** The Secrets Strimzi writes from the manifests, with their keys: each SCRAM KafkaUser's, and the cluster CA's. */
    static Map<String, Set<String>> operatorSecrets(List<ObjectNode> docs) {
        Map<String, Set<String>> made = new LinkedHashMap<>();
        ofKind(docs, "KafkaUser").stream().filter(u -> Strimzi.SCRAM.equals(u.at("/spec/authentication/type").asText()))
                .forEach(u -> made.put(name(u), Set.of("password", "sasl.jaas.config")));
        ofKind(docs, "Kafka").forEach(k -> made.put(name(k) + CA_SECRET_SUFFIX, Set.of("ca.crt", "ca.p12", "ca.password")));
        return made;
    }
}
