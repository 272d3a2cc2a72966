package io.distill.deploycheck;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/** Checks issue 14's rules: restricted pods with a read-only root that fetch nothing, a network denying by default. */
final class K8sSecurity {

    /** Commands that fetch from the network, which no container may run when its pod starts. */
    private static final Pattern FETCHES = Pattern.compile(
            "fetch-(all|mnist|fashion)|\\bnpm\\b|apt-get|\\bcurl\\b|\\bwget\\b");
    /** The servers every service reaches: Kafka's TLS listener, PostgreSQL, the object store. */
    private static final Map<Integer, String> SERVERS = Map.of(9093, "Kafka", 5432, "PostgreSQL",
            9000, "the object store");

    private K8sSecurity() {}

    static void check(Problems p, List<ObjectNode> docs) {
        // The one namespace enforces "restricted", and holds everything, so that the network policies apply to all.
        List<String> namespaces = K8s.ofKind(docs, "Namespace").stream().map(ns -> K8s.name(ns) + " enforcing "
                + ns.at("/metadata/labels/pod-security.kubernetes.io~1enforce").asText()).toList();
        p.expect(namespaces.equals(List.of("distill enforcing restricted")), "Namespaces", namespaces + ", expected"
                + " distill enforcing restricted");
        docs.stream().filter(d -> !d.path("kind").asText().equals("Namespace"))
                .filter(d -> !d.at("/metadata/namespace").asText().equals("distill"))
                .forEach(d -> p.add(d.path("kind").asText() + " " + K8s.name(d) + ": not in the namespace distill"));
        K8s.pods(docs).forEach((owner, pod) -> restricted(p, owner, pod));
        // Strimzi's pod and container templates: the node pools' and the entity operator's.
        K8s.ofKind(docs, "KafkaNodePool").forEach(pool -> restricted(p, "KafkaNodePool " + K8s.name(pool),
                template(pool.at("/spec/template"), "kafkaContainer")));
        K8s.ofKind(docs, "Kafka").forEach(kafka -> Stream.of("topicOperator", "userOperator")
                .filter(kafka.at("/spec/entityOperator")::has).forEach(op -> restricted(p, "Kafka " + K8s.name(kafka)
                + " " + op, template(kafka.at("/spec/entityOperator/template"), op + "Container"))));
        network(p, docs);
    }

    static List<String> texts(JsonNode list) {
        return list.valueStream().map(JsonNode::asText).toList();
    }

    /** A pod spec with one container, "template", from a Strimzi template's pod and one of its containers. */
    private static JsonNode template(JsonNode template, String container) {
        ObjectNode spec = Render.YAML.createObjectNode().set("securityContext", template.at("/pod/securityContext"));
        spec.putArray("containers").addObject().put("name", "template")
                .set("securityContext", template.path(container).path("securityContext"));
        return spec;
    }

    private static void restricted(Problems p, String where, JsonNode pod) {
        JsonNode podContext = pod.path("securityContext");
        p.expect(!pod.path("hostNetwork").asBoolean() && !pod.path("hostPID").asBoolean()
                && !pod.path("hostIPC").asBoolean(), where, "shares the host's network, PID or IPC namespace");
        p.expect(podContext.path("runAsUser").asInt(-1) != 0, where, "runs as root (runAsUser 0)");
        pod.path("volumes").forEach(v -> p.expect(!v.has("hostPath"), where, "mounts a hostPath volume ("
                + v.path("name").asText() + ")"));
        for (JsonNode c : K8s.containers(pod)) {
            String at = where + " container " + c.path("name").asText();
            JsonNode sc = c.path("securityContext");
            String command = String.join(" ", texts(c.path("command"))) + " " + String.join(" ", texts(c.path("args")));
            p.expect(!FETCHES.matcher(command).find(), at, "fetches at start-up (" + command.trim() + ")");
            p.expect(sc.path("runAsNonRoot").asBoolean(podContext.path("runAsNonRoot").asBoolean()), at,
                    "runAsNonRoot is not true");
            p.expect(sc.path("runAsUser").asInt(-1) != 0, at, "runs as root (runAsUser 0)");
            String seccomp = sc.at("/seccompProfile/type").asText(podContext.at("/seccompProfile/type").asText());
            p.expect(Set.of("RuntimeDefault", "Localhost").contains(seccomp), at, "no seccompProfile RuntimeDefault");
            p.expect(!sc.path("allowPrivilegeEscalation").asBoolean(true), at, "allowPrivilegeEscalation is not false");
            p.expect(!sc.path("privileged").asBoolean(), at, "privileged");
            p.expect(texts(sc.at("/capabilities/drop")).contains("ALL"), at, "does not drop ALL capabilities");
            p.expect(texts(sc.at("/capabilities/add")).stream().allMatch("NET_BIND_SERVICE"::equals), at,
                    "adds capabilities " + sc.at("/capabilities/add"));
            p.expect(sc.path("readOnlyRootFilesystem").asBoolean(), at, "the root filesystem is not read-only");
            c.path("ports").forEach(port -> p.expect(!port.has("hostPort"), at, "binds host port "
                    + port.path("hostPort")));
        }
    }

    /**
     * A default policy denies all ingress and egress and one lets every pod resolve names; each service takes requests
     * on its port and reaches Kafka, PostgreSQL, the object store and the services it calls, on their pods;
     * no egress rule allows everything.
     */
    private static void network(Problems p, List<ObjectNode> docs) {
        List<ObjectNode> policies = K8s.ofKind(docs, "NetworkPolicy");
        p.expect(policies.stream().anyMatch(n -> selectsAll(n) && n.at("/spec/ingress").isEmpty()
                && n.at("/spec/egress").isEmpty() && texts(n.at("/spec/policyTypes")).containsAll(List.of("Ingress",
                "Egress"))), "NetworkPolicies", "none denies all traffic by default");
        p.expect(policies.stream().filter(K8sSecurity::selectsAll).anyMatch(n -> ports(n.at("/spec/egress"), false)
                .contains(53)), "NetworkPolicies", "none lets the pods resolve names (egress to port 53)");
        policies.forEach(n -> n.at("/spec/egress").forEach(r -> p.expect(!r.path("to").isEmpty()
                || !r.path("ports").isEmpty(), "NetworkPolicy " + K8s.name(n), "an egress rule allows everything")));
        for (Contract.Service s : Contract.SERVICES) {
            String where = "NetworkPolicies for " + s.name();
            List<ObjectNode> own = policies.stream().filter(n -> s.name()
                    .equals(n.at("/spec/podSelector/matchLabels/app.kubernetes.io~1name").asText())).toList();
            Set<Integer> reached = new HashSet<>();
            own.forEach(n -> reached.addAll(ports(n.at("/spec/egress"), true)));
            p.expect(own.stream().anyMatch(n -> ports(n.at("/spec/ingress"), false).contains(s.port())), where,
                    "no ingress to its port " + s.port());
            SERVERS.forEach((port, name) -> p.expect(reached.contains(port), where, "no egress to " + name + " (port "
                    + port + ") on its pods"));
            s.calls().stream().map(Contract::service).forEach(called -> p.expect(reached.contains(called.port()),
                    where, "no egress to " + called.name() + " on port " + called.port()));
        }
    }

    private static boolean selectsAll(JsonNode policy) {
        return policy.at("/spec/podSelector/matchLabels").isEmpty()
                && policy.at("/spec/podSelector/matchExpressions").isEmpty();
    }

    /** The numbered ports of a list of rules; {@code toPods}: only of rules whose peers all name pods by label. */
    private static Set<Integer> ports(JsonNode rules, boolean toPods) {
        Set<Integer> ports = new HashSet<>();
        for (JsonNode r : rules) {
            boolean pods = !r.path("to").isEmpty();
            for (JsonNode peer : r.path("to")) {
                pods &= !peer.has("ipBlock") && !peer.at("/podSelector/matchLabels").isEmpty();
            }
            for (JsonNode port : pods || !toPods ? r.path("ports") : Render.YAML.createArrayNode()) {
                if (port.path("port").isInt()) {
                    ports.add(port.path("port").asInt());
                }
            }
        }
        return ports;
    }
}
