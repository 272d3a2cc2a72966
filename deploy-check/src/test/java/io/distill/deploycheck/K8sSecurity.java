package io.distill.deploycheck;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.Capabilities;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.SeccompProfile;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyEgressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyIngressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPort;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The rendered manifests against issue 14's rules for pods and the network: every pod passes the Pod
 * Security Standard "restricted" with a read-only root filesystem, nothing is fetched or run as root
 * when a pod starts, and the namespace denies all traffic except what each part needs.
 */
final class K8sSecurity {

    /** Commands that fetch from the network, which no container may run when its pod starts. */
    private static final Pattern FETCHES = Pattern.compile("fetch-all\\.sh|fetch-mnist|fetch-fashion|\\bnpm\\b|apt-get|\\bcurl\\b|\\bwget\\b");

    /** The servers every service reaches: Kafka's TLS listener, PostgreSQL, the object store. */
    private static final Map<Integer, String> SERVERS = Map.of(9093, "Kafka", 5432, "PostgreSQL", 9000, "the object store");

    /** Artifact downloads: which services each one calls, by port. */
    private static final Map<String, Set<Integer>> DOWNLOADS = Map.of(
            "soft-target-service", Set.of(8081), "specialist-service", Set.of(8081, 8083));

    private K8sSecurity() {}

    /** The namespace enforces "restricted", and every pod (Deployments, Jobs, Strimzi's templates) passes it. */
    static List<String> restrictedPods(List<ObjectNode> docs) {
        List<String> problems = new ArrayList<>();
        for (ObjectNode ns : K8sChecks.ofKind(docs, "Namespace")) {
            String enforce = ns.path("metadata").path("labels").path("pod-security.kubernetes.io/enforce").asText();
            if (!"restricted".equals(enforce)) {
                problems.add("Namespace " + ns.path("metadata").path("name").asText()
                        + ": pod-security.kubernetes.io/enforce is '" + enforce + "', expected restricted");
            }
        }
        for (Map.Entry<String, PodSpec> pod : pods(docs).entrySet()) {
            problems.addAll(restricted(pod.getKey(), pod.getValue()));
        }
        problems.addAll(strimzi(docs));
        return problems;
    }

    /** No container fetches anything or runs as root when its pod starts, and no pod mounts fetch scripts. */
    static List<String> nothingFetchedAtStart(List<ObjectNode> docs) {
        List<String> problems = new ArrayList<>();
        for (Map.Entry<String, PodSpec> pod : pods(docs).entrySet()) {
            for (Container c : containers(pod.getValue())) {
                String command = String.join(" ", Optional.ofNullable(c.getCommand()).orElse(List.of())) + " "
                        + String.join(" ", Optional.ofNullable(c.getArgs()).orElse(List.of()));
                if (FETCHES.matcher(command).find()) {
                    problems.add(pod.getKey() + " container " + c.getName() + ": fetches at start-up (" + command.trim() + ")");
                }
            }
            for (Volume v : Optional.ofNullable(pod.getValue().getVolumes()).orElse(List.of())) {
                if (v.getConfigMap() != null && v.getConfigMap().getName().contains("data-scripts")) {
                    problems.add(pod.getKey() + ": mounts the fetch scripts (ConfigMap " + v.getConfigMap().getName() + ")");
                }
            }
        }
        return problems;
    }

    /**
     * A default policy denies all ingress and egress; DNS is allowed; each service takes requests on its
     * port and reaches Kafka, PostgreSQL, the object store and the services it downloads from; and no
     * rule lets a service reach anything on any port.
     */
    static List<String> networkPolicies(List<ObjectNode> docs) {
        List<String> problems = new ArrayList<>();
        List<NetworkPolicy> policies = K8sModel.all(docs, "NetworkPolicy", NetworkPolicy.class);
        boolean denyAll = policies.stream().anyMatch(p -> selectsAll(p)
                && types(p).containsAll(Set.of("Ingress", "Egress"))
                && Optional.ofNullable(p.getSpec().getIngress()).orElse(List.of()).isEmpty()
                && Optional.ofNullable(p.getSpec().getEgress()).orElse(List.of()).isEmpty());
        if (!denyAll) {
            problems.add("no NetworkPolicy denies all ingress and egress in the namespace by default");
        }
        boolean dns = policies.stream().filter(K8sSecurity::selectsAll).flatMap(p -> egress(p).stream())
                .anyMatch(r -> ports(r.getPorts()).contains(53));
        if (!dns) {
            problems.add("no NetworkPolicy lets the pods resolve names (egress to port 53)");
        }
        for (NetworkPolicy p : policies) {
            for (NetworkPolicyEgressRule r : egress(p)) {
                if (Optional.ofNullable(r.getTo()).orElse(List.of()).isEmpty() && ports(r.getPorts()).isEmpty()) {
                    problems.add("NetworkPolicy " + p.getMetadata().getName() + ": an egress rule allows everything");
                }
            }
        }
        for (Contract.Service s : Contract.SERVICES) {
            List<NetworkPolicy> own = policies.stream().filter(p -> s.name().equals(selector(p).get("app.kubernetes.io/name"))).toList();
            String where = "NetworkPolicy for " + s.name();
            if (own.isEmpty()) {
                problems.add("no NetworkPolicy selects " + s.name());
                continue;
            }
            boolean ingress = own.stream().flatMap(p -> ingress(p).stream())
                    .anyMatch(r -> ports(r.getPorts()).contains(s.port()));
            if (!ingress) {
                problems.add(where + ": no ingress to its port " + s.port());
            }
            Map<Integer, Boolean> reached = new LinkedHashMap<>();
            for (NetworkPolicy p : own) {
                for (NetworkPolicyEgressRule r : egress(p)) {
                    boolean toPods = Optional.ofNullable(r.getTo()).orElse(List.of()).stream().allMatch(K8sSecurity::podPeer)
                            && !Optional.ofNullable(r.getTo()).orElse(List.of()).isEmpty();
                    ports(r.getPorts()).forEach(port -> reached.merge(port, toPods, Boolean::logicalOr));
                }
            }
            SERVERS.forEach((port, name) -> {
                if (!reached.getOrDefault(port, false)) {
                    problems.add(where + ": no egress to " + name + " (port " + port + ") on its pods");
                }
            });
            for (int port : DOWNLOADS.getOrDefault(s.name(), Set.of())) {
                if (!reached.getOrDefault(port, false)) {
                    problems.add(where + ": no egress to the artifacts on port " + port);
                }
            }
        }
        return problems;
    }

    /** Every pod template in Deployments and Jobs, by "Kind name". */
    private static Map<String, PodSpec> pods(List<ObjectNode> docs) {
        Map<String, PodSpec> pods = new LinkedHashMap<>();
        for (Deployment d : K8sModel.all(docs, "Deployment", Deployment.class)) {
            pods.put("Deployment " + d.getMetadata().getName(), d.getSpec().getTemplate().getSpec());
        }
        for (Job j : K8sModel.all(docs, "Job", Job.class)) {
            pods.put("Job " + j.getMetadata().getName(), j.getSpec().getTemplate().getSpec());
        }
        return pods;
    }

    private static List<Container> containers(PodSpec pod) {
        List<Container> all = new ArrayList<>(Optional.ofNullable(pod.getInitContainers()).orElse(List.of()));
        all.addAll(Optional.ofNullable(pod.getContainers()).orElse(List.of()));
        return all;
    }

    private static List<String> restricted(String where, PodSpec pod) {
        List<String> problems = new ArrayList<>();
        PodSecurityContext podContext = Optional.ofNullable(pod.getSecurityContext()).orElse(new PodSecurityContext());
        if (Boolean.TRUE.equals(pod.getHostNetwork()) || Boolean.TRUE.equals(pod.getHostPID()) || Boolean.TRUE.equals(pod.getHostIPC())) {
            problems.add(where + ": shares the host's network, PID or IPC namespace");
        }
        if (Long.valueOf(0).equals(podContext.getRunAsUser())) {
            problems.add(where + ": runs as root (runAsUser 0)");
        }
        for (Volume v : Optional.ofNullable(pod.getVolumes()).orElse(List.of())) {
            if (v.getHostPath() != null) {
                problems.add(where + ": mounts a hostPath volume (" + v.getName() + ")");
            }
        }
        for (Container c : containers(pod)) {
            String at = where + " container " + c.getName();
            SecurityContext sc = Optional.ofNullable(c.getSecurityContext()).orElse(new SecurityContext());
            if (!Boolean.TRUE.equals(Optional.ofNullable(sc.getRunAsNonRoot()).orElse(podContext.getRunAsNonRoot()))) {
                problems.add(at + ": runAsNonRoot is not true");
            }
            if (Long.valueOf(0).equals(sc.getRunAsUser())) {
                problems.add(at + ": runs as root (runAsUser 0)");
            }
            SeccompProfile seccomp = Optional.ofNullable(sc.getSeccompProfile()).orElse(podContext.getSeccompProfile());
            if (seccomp == null || !Set.of("RuntimeDefault", "Localhost").contains(seccomp.getType())) {
                problems.add(at + ": no seccompProfile RuntimeDefault");
            }
            if (!Boolean.FALSE.equals(sc.getAllowPrivilegeEscalation())) {
                problems.add(at + ": allowPrivilegeEscalation is not false");
            }
            if (Boolean.TRUE.equals(sc.getPrivileged())) {
                problems.add(at + ": privileged");
            }
            Capabilities caps = Optional.ofNullable(sc.getCapabilities()).orElse(new Capabilities());
            if (!Optional.ofNullable(caps.getDrop()).orElse(List.of()).contains("ALL")) {
                problems.add(at + ": does not drop ALL capabilities");
            }
            if (!Optional.ofNullable(caps.getAdd()).orElse(List.of()).stream().allMatch("NET_BIND_SERVICE"::equals)) {
                problems.add(at + ": adds capabilities " + caps.getAdd());
            }
            if (!Boolean.TRUE.equals(sc.getReadOnlyRootFilesystem())) {
                problems.add(at + ": the root filesystem is not read-only");
            }
            Optional.ofNullable(c.getPorts()).orElse(List.of()).stream().filter(p -> p.getHostPort() != null)
                    .forEach(p -> problems.add(at + ": binds host port " + p.getHostPort()));
        }
        return problems;
    }

    /** Strimzi's pod and container templates, for the node pools and the entity operator. */
    private static List<String> strimzi(List<ObjectNode> docs) {
        List<String> problems = new ArrayList<>();
        for (ObjectNode pool : K8sChecks.ofKind(docs, "KafkaNodePool")) {
            JsonNode template = pool.path("spec").path("template");
            problems.addAll(strimziTemplate("KafkaNodePool " + pool.path("metadata").path("name").asText(),
                    template.path("pod"), template.path("kafkaContainer")));
        }
        for (ObjectNode kafka : K8sChecks.ofKind(docs, "Kafka")) {
            JsonNode operators = kafka.path("spec").path("entityOperator");
            JsonNode template = operators.path("template");
            String where = "Kafka " + kafka.path("metadata").path("name").asText() + " entity operator";
            for (String operator : List.of("topicOperator", "userOperator")) {
                if (operators.has(operator)) {
                    problems.addAll(strimziTemplate(where + " " + operator, template.path("pod"),
                            template.path(operator + "Container")));
                }
            }
        }
        return problems;
    }

    private static List<String> strimziTemplate(String where, JsonNode pod, JsonNode container) {
        PodSpec spec = new PodSpec();
        spec.setSecurityContext(K8sModel.convert(pod.path("securityContext"), PodSecurityContext.class));
        Container c = new Container();
        c.setName("template");
        c.setSecurityContext(K8sModel.convert(container.path("securityContext"), SecurityContext.class));
        spec.setContainers(List.of(c));
        return restricted(where, spec);
    }

    private static boolean selectsAll(NetworkPolicy p) {
        return selector(p).isEmpty() && (p.getSpec().getPodSelector() == null
                || p.getSpec().getPodSelector().getMatchExpressions() == null
                || p.getSpec().getPodSelector().getMatchExpressions().isEmpty());
    }

    private static Map<String, String> selector(NetworkPolicy p) {
        return p.getSpec().getPodSelector() == null ? Map.of()
                : Optional.ofNullable(p.getSpec().getPodSelector().getMatchLabels()).orElse(Map.of());
    }

    private static Set<String> types(NetworkPolicy p) {
        return Set.copyOf(Optional.ofNullable(p.getSpec().getPolicyTypes()).orElse(List.of()));
    }

    private static List<NetworkPolicyEgressRule> egress(NetworkPolicy p) {
        return Optional.ofNullable(p.getSpec().getEgress()).orElse(List.of());
    }

    /** A peer that names pods by label (in this namespace or another), not addresses or everything. */
    private static boolean podPeer(NetworkPolicyPeer peer) {
        return peer.getIpBlock() == null && peer.getPodSelector() != null
                && peer.getPodSelector().getMatchLabels() != null && !peer.getPodSelector().getMatchLabels().isEmpty();
    }

    private static List<Integer> ports(List<NetworkPolicyPort> ports) {
        return Optional.ofNullable(ports).orElse(List.of()).stream().map(NetworkPolicyPort::getPort)
                .filter(Objects::nonNull).filter(p -> p.getIntVal() != null).map(p -> p.getIntVal()).toList();
    }

    private static List<NetworkPolicyIngressRule> ingress(NetworkPolicy p) {
        return Optional.ofNullable(p.getSpec().getIngress()).orElse(List.of());
    }
}
