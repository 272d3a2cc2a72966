package io.distill.deploycheck;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.distill.deploycheck.Services.Container;
import io.distill.deploycheck.Services.Mount;
import io.distill.deploycheck.Services.Probe;
import io.distill.deploycheck.Services.Value;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/** Checks a Kubernetes rendering: finds its objects, shows each Deployment to {@link Services}, runs every check. */
final class K8s {

    /** The Secret with the cluster CA's certificate that Strimzi writes: {@code <cluster>-cluster-ca-cert}. */
    static final String CA_SECRET_SUFFIX = "-cluster-ca-cert";
    static final String SCRAM = "scram-sha-512";

    private K8s() {}

    /** Every problem of a rendering; {@code gpu}: the training services are expected on GPUs. */
    static List<String> all(List<ObjectNode> docs, boolean gpu) {
        Problems p = new Problems();
        Map<String, Value> expected = K8sState.check(p, docs);
        expected.putAll(Services.SECURE_KAFKA);
        String ca = ofKind(docs, "Kafka").stream().map(k -> name(k) + CA_SECRET_SUFFIX + "/ca.crt").findFirst()
                .orElse(null);
        Services.Setup setup = new Services.Setup(gpu, expected, K8sState.kafka(p, docs), ca);
        for (Contract.Service s : Contract.SERVICES) {
            String where = "Deployment " + s.name();
            JsonNode d = find(docs, "Deployment", s.name());
            JsonNode pod = d.at("/spec/template/spec");
            if (main(docs, s.name()).isMissingNode()) {
                p.add(where + ": missing, or with no container " + s.name());
                continue;
            }
            Container c = container(docs, s.name());
            Services.check(p, s, c, setup);
            // It logs in as its own Kafka user, from the Secret that Strimzi's User Operator writes under its name.
            Services.sameAs(p, where, c.env(), Map.of("KAFKA_SASL_JAAS_CONFIG",
                    new Value("secret", s.name(), "sasl.jaas.config", null)));
            p.expect(d.at("/spec/replicas").asInt(1) >= 2, where, "replicas " + d.at("/spec/replicas")
                    + ", expected at least 2");
            p.expect(d.at("/spec/strategy/type").asText("RollingUpdate").equals("RollingUpdate"), where,
                    "not rolled over (RollingUpdate)");
            p.expect(!c.gpu() || pod.path("tolerations").findValuesAsText("key").contains("nvidia.com/gpu")
                    && !pod.path("nodeSelector").isEmpty(), where, "asks for a GPU, but not for GPU nodes");
            JsonNode labels = d.at("/spec/template/metadata/labels");
            JsonNode svc = find(docs, "Service", s.name());
            p.expect(selects(svc, labels), "Service " + s.name(), "selector " + svc.at("/spec/selector")
                    + " does not select " + labels);
        }
        // Requests and limits on every container of every pod, so that nodes can be sized for them.
        pods(docs).forEach((owner, pod) -> containers(pod).forEach(c -> List.of("requests/cpu", "requests/memory",
                "limits/cpu", "limits/memory").forEach(r -> p.expect(c.at("/resources/" + r).isValueNode(),
                owner + " container " + c.path("name").asText(), "no " + r))));
        K8sSecurity.check(p, docs);
        KafkaAcls.same(p, KafkaAcls.FILE, KafkaAcls.read(), "the KafkaUsers", KafkaAcls.users(p, docs));
        return p;
    }

    /** The Service's selector is not empty, and each of its labels is the pods'. */
    static boolean selects(JsonNode service, JsonNode labels) {
        JsonNode selector = service.at("/spec/selector");
        return !selector.isEmpty() && selector.properties().stream()
                .allMatch(e -> e.getValue().equals(labels.path(e.getKey())));
    }

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
        return Stream.concat(pod.path("initContainers").valueStream(), pod.path("containers").valueStream()).toList();
    }

    /** The container named after its Deployment, or a missing node. */
    static JsonNode main(List<ObjectNode> docs, String deployment) {
        return find(docs, "Deployment", deployment).at("/spec/template/spec/containers").valueStream()
                .filter(c -> deployment.equals(c.path("name").asText())).findFirst().orElse(MissingNode.getInstance());
    }

    /** A service's Deployment as {@link Services} checks it: the container named after it, in its pod. */
    static Container container(List<ObjectNode> docs, String service) {
        JsonNode pod = find(docs, "Deployment", service).at("/spec/template/spec");
        JsonNode main = main(docs, service);
        Map<String, Probe> probes = new HashMap<>();
        for (String kind : List.of("startup", "liveness", "readiness")) {
            JsonNode probe = main.path(kind + "Probe");
            JsonNode port = probe.at("/httpGet/port");
            int number = port.asInt();
            for (JsonNode named : main.path("ports")) {
                number = named.path("name").equals(port) ? named.path("containerPort").asInt() : number;
            }
            // Kubernetes' defaults when unset: a 1 s timeout, every 10 s.
            probes.put(kind, probe.isMissingNode() ? null : new Probe(probe.at("/httpGet/path").asText(), number,
                    probe.path("timeoutSeconds").asInt(1), probe.path("periodSeconds").asInt(10)));
        }
        Map<String, JsonNode> volumes = new HashMap<>();
        pod.path("volumes").forEach(v -> volumes.put(v.path("name").asText(), v));
        Map<String, Mount> mounts = new HashMap<>();
        for (JsonNode m : main.path("volumeMounts")) {
            JsonNode v = volumes.getOrDefault(m.path("name").asText(), MissingNode.getInstance());
            String kind = v.properties().stream().map(Map.Entry::getKey).filter(k -> !k.equals("name")).findFirst()
                    .orElse("missing");
            String path = m.path("mountPath").asText();
            mounts.put(path, new Mount(kind, v.path("name").asText(), m.path("readOnly").asBoolean()));
            // A Secret's keys are files (read-only, whatever the mount says): those listed, else all that it holds.
            String secret = v.at("/secret/secretName").asText();
            Map<String, String> files = new LinkedHashMap<>();
            v.at("/secret/items").forEach(item -> files.put(item.path("path").asText(), item.path("key").asText()));
            if (files.isEmpty() && !secret.isEmpty()) {
                secretKeys(find(docs, "Secret", secret)).forEach(key -> files.put(key, key));
                operatorSecrets(docs).getOrDefault(secret, Set.of()).forEach(key -> files.put(key, key));
            }
            files.forEach((file, key) -> mounts.put(path + "/" + file, new Mount(kind, secret + "/" + key, true)));
        }
        JsonNode hostname = pod.path("hostname");
        return new Container("Deployment " + service, env(main, docs), probes, mounts,
                !main.at("/securityContext/readOnlyRootFilesystem").asBoolean(),
                main.at("/resources/limits/nvidia.com~1gpu").asInt() > 0, main.path("image").asText(),
                hostname.isMissingNode() ? List.of() : List.of("hostname " + hostname.asText()));
    }

    /** A container's variables and where each comes from: its ConfigMaps' and Secrets' keys, then its own env. */
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
            String text = find(docs, "ConfigMap", name).at("/data").path(key).asText();
            env.put(e.path("name").asText(), from.has("secretKeyRef") ? new Value("secret", name, key, null)
                    : ref.isObject() ? new Value("configMap", name, key, text)
                    : from.has("fieldRef") ? new Value("field", null, from.at("/fieldRef/fieldPath").asText(), null)
                    : from.isMissingNode() ? Value.of(e.path("value").asText())
                    : new Value("other", null, from.toString(), null));
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
                : data.isTextual() ? new String(Base64.getDecoder().decode(data.asText()), StandardCharsets.UTF_8)
                : null;
    }

    /** The Secrets Strimzi writes from the manifests, with their keys: each SCRAM KafkaUser's, and the cluster CA's. */
    static Map<String, Set<String>> operatorSecrets(List<ObjectNode> docs) {
        Map<String, Set<String>> made = new LinkedHashMap<>();
        ofKind(docs, "KafkaUser").stream().filter(u -> SCRAM.equals(u.at("/spec/authentication/type").asText()))
                .forEach(u -> made.put(name(u), Set.of("password", "sasl.jaas.config")));
        ofKind(docs, "Kafka").forEach(k -> made.put(name(k) + CA_SECRET_SUFFIX, Set.of("ca.crt", "ca.p12",
                "ca.password")));
        return made;
    }
}
