package io.distill.deploycheck;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Issue 14's rules for pods and the network, on the rendered objects: every pod passes the Pod Security Standard
 * "restricted" with a read-only root, nothing is fetched when a pod starts, and the namespace denies all traffic
 * but what each part needs.
 */
final class K8sSecurity {

    /** Commands that fetch from the network, which no container may run when its pod starts. */
    private static final Pattern FETCHES = Pattern.compile("fetch-all\\.sh|fetch-mnist|fetch-fashion|\\bnpm\\b|apt-get|\\bcurl\\b|\\bwget\\b");
    /** The servers every service reaches: Kafka's TLS listener, PostgreSQL, the object store. */
    private static final Map<Integer, String> SERVERS = Map.of(9093, "Kafka", 5432, "PostgreSQL", 9000, "the object store");
    /** Artifact downloads: the ports of the services each one calls. */
    private static final Map<String, Set<Integer>> DOWNLOADS = Map.of("soft-target-service", Set.of(8081),
            "specialist-service", Set.of(8081, 8083));

    private K8sSecurity() {}

    static void check(Problems p, List<ObjectNode> docs) {
        for (ObjectNode ns : K8s.ofKind(docs, "Namespace")) {
            String enforce = ns.path("metadata").path("labels").path("pod-security.kubernetes.io/enforce").asText();
            p.expect("restricted".equals(enforce), "Namespace " + K8s.name(ns) + ": pod-security.kubernetes.io/enforce is '" + enforce + "', expected restricted");
        }
        K8s.pods(docs).forEach((owner, pod) -> {
            restricted(p, owner, pod);
            for (JsonNode c : K8s.containers(pod)) {
                String command = (String.join(" ", texts(c.path("command"))) + " " + String.join(" ", texts(c.path("args")))).trim();
                p.expect(!FETCHES.matcher(command).find(), owner + " container " + c.path("name").asText() + ": fetches at start-up (" + command + ")");
            }
            pod.path("volumes").forEach(v -> p.expect(!v.path("configMap").path("name").asText().contains("data-scripts"),
                    owner + ": mounts the fetch scripts (ConfigMap " + v.path("configMap").path("name").asText() + ")"));
        });
        // Strimzi's pod and container templates: the node pools' and the entity operator's.
        for (ObjectNode pool : K8s.ofKind(docs, "KafkaNodePool")) {
            JsonNode t = pool.path("spec").path("template");
            restricted(p, "KafkaNodePool " + K8s.name(pool), template(t.path("pod"), t.path("kafkaContainer")));
        }
        for (ObjectNode kafka : K8s.ofKind(docs, "Kafka")) {
            JsonNode operators = kafka.path("spec").path("entityOperator");
            for (String operator : List.of("topicOperator", "userOperator")) {
                if (operators.has(operator)) {
                    restricted(p, "Kafka " + K8s.name(kafka) + " entity operator " + operator,
                            template(operators.path("template").path("pod"), operators.path("template").path(operator + "Container")));
                }
            }
        }
        network(p, docs);
    }

    static List<String> texts(JsonNode list) {
        List<String> parts = new ArrayList<>();
        list.forEach(n -> parts.add(n.asText()));
        return parts;
    }

    /** A pod spec with one container, "template", from a Strimzi pod template and container template. */
    private static JsonNode template(JsonNode pod, JsonNode container) {
        ObjectNode spec = Render.YAML.createObjectNode();
        spec.set("securityContext", pod.path("securityContext").deepCopy());
        spec.putArray("containers").addObject().put("name", "template").set("securityContext", container.path("securityContext").deepCopy());
        return spec;
    }

    private static void restricted(Problems p, String where, JsonNode pod) {
        JsonNode podContext = pod.path("securityContext");
        p.expect(!pod.path("hostNetwork").asBoolean() && !pod.path("hostPID").asBoolean() && !pod.path("hostIPC").asBoolean(),
                where + ": shares the host's network, PID or IPC namespace");
        p.expect(!podContext.path("runAsUser").isInt() || podContext.path("runAsUser").asInt() != 0, where + ": runs as root (runAsUser 0)");
        pod.path("volumes").forEach(v -> p.expect(!v.has("hostPath"), where + ": mounts a hostPath volume (" + v.path("name").asText() + ")"));
        for (JsonNode c : K8s.containers(pod)) {
            String at = where + " container " + c.path("name").asText();
            JsonNode sc = c.path("securityContext");
            p.expect(sc.path("runAsNonRoot").asBoolean(podContext.path("runAsNonRoot").asBoolean()), at + ": runAsNonRoot is not true");
            p.expect(!sc.path("runAsUser").isInt() || sc.path("runAsUser").asInt() != 0, at + ": runs as root (runAsUser 0)");
            String seccomp = sc.path("seccompProfile").path("type").asText(podContext.path("seccompProfile").path("type").asText());
            p.expect(Set.of("RuntimeDefault", "Localhost").contains(seccomp), at + ": no seccompProfile RuntimeDefault");
            p.expect(sc.path("allowPrivilegeEscalation").isBoolean() && !sc.path("allowPrivilegeEscalation").asBoolean(),
                    at + ": allowPrivilegeEscalation is not false");
            p.expect(!sc.path("privileged").asBoolean(), at + ": privileged");
            p.expect(texts(sc.path("capabilities").path("drop")).contains("ALL"), at + ": does not drop ALL capabilities");
            p.expect(texts(sc.path("capabilities").path("add")).stream().allMatch("NET_BIND_SERVICE"::equals),
                    at + ": adds capabilities " + sc.path("capabilities").path("add"));
            p.expect(sc.path("readOnlyRootFilesystem").asBoolean(), at + ": the root filesystem is not read-only");
            c.path("ports").forEach(port -> p.expect(!port.has("hostPort"), at + ": binds host port " + port.path("hostPort")));
        }
    }

    /**
     * A default policy denies all ingress and egress; DNS is allowed; each service takes requests on its port and
     * reaches Kafka, PostgreSQL, the object store and the services it downloads from, on their pods; and no egress
     * rule lets anything reach everything.
     */
    private static void network(Problems p, List<ObjectNode> docs) {
        List<ObjectNode> policies = K8s.ofKind(docs, "NetworkPolicy");
        p.expect(policies.stream().anyMatch(n -> selectsAll(n) && n.path("spec").path("policyTypes").toString().contains("Ingress")
                && n.path("spec").path("policyTypes").toString().contains("Egress") && n.path("spec").path("ingress").isEmpty()
                && n.path("spec").path("egress").isEmpty()), "no NetworkPolicy denies all ingress and egress in the namespace by default");
        p.expect(policies.stream().filter(K8sSecurity::selectsAll).anyMatch(n -> ports(n.path("spec").path("egress")).contains(53)),
                "no NetworkPolicy lets the pods resolve names (egress to port 53)");
        for (ObjectNode n : policies) {
            n.path("spec").path("egress").forEach(r -> p.expect(!r.path("to").isEmpty() || !r.path("ports").isEmpty(),
                    "NetworkPolicy " + K8s.name(n) + ": an egress rule allows everything"));
        }
        for (Contract.Service s : Contract.SERVICES) {
            List<ObjectNode> own = policies.stream().filter(n -> s.name().equals(
                    n.path("spec").path("podSelector").path("matchLabels").path("app.kubernetes.io/name").asText())).toList();
            String where = "NetworkPolicy for " + s.name();
            p.expect(!own.isEmpty(), "no NetworkPolicy selects " + s.name());
            p.expect(own.isEmpty() || own.stream().anyMatch(n -> ports(n.path("spec").path("ingress")).contains(s.port())),
                    where + ": no ingress to its port " + s.port());
            // A port counts as reached only through rules whose peers all name pods by label.
            Set<Integer> reached = new HashSet<>();
            own.forEach(n -> n.path("spec").path("egress").forEach(r -> {
                boolean toPods = !r.path("to").isEmpty();
                for (JsonNode peer : r.path("to")) {
                    toPods &= !peer.has("ipBlock") && !peer.path("podSelector").path("matchLabels").isEmpty();
                }
                if (toPods) {
                    reached.addAll(ports(Render.YAML.createArrayNode().add(r)));
                }
            }));
            SERVERS.forEach((port, name) -> p.expect(own.isEmpty() || reached.contains(port),
                    where + ": no egress to " + name + " (port " + port + ") on its pods"));
            DOWNLOADS.getOrDefault(s.name(), Set.of()).forEach(port -> p.expect(own.isEmpty() || reached.contains(port),
                    where + ": no egress to the artifacts on port " + port));
        }
    }

    private static boolean selectsAll(JsonNode policy) {
        JsonNode selector = policy.path("spec").path("podSelector");
        return selector.path("matchLabels").isEmpty() && selector.path("matchExpressions").isEmpty();
    }

    /** The numbered ports of a list of rules. */
    private static List<Integer> ports(JsonNode rules) {
        List<Integer> ports = new ArrayList<>();
        rules.forEach(r -> r.path("ports").forEach(port -> {
            if (port.path("port").isInt()) {
                ports.add(port.path("port").asInt());
            }
        }));
        return ports;
    }
}
