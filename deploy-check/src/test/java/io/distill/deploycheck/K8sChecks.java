package io.distill.deploycheck;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.HashSet;
import java.util.Set;

/** Checks rendered Kubernetes manifests against the contract; each check returns the problems it found. */
final class K8sChecks {

    private K8sChecks() {}

    /** Every document parses into its typed model, with a known kind and API version and no unknown field. */
    static List<String> strictModel(List<ObjectNode> docs) {
        List<String> problems = new ArrayList<>();
        for (ObjectNode doc : docs) {
            K8sModel.parse(doc, problems);
        }
        return problems;
    }

    /** Each contract service has a Deployment with probes, env, resources, its cache and data volumes, and a Service. */
    static List<String> workloads(List<ObjectNode> docs) {
        List<String> problems = new ArrayList<>();
        Map<String, Map<String, String>> configMaps = new HashMap<>();
        for (ConfigMap cm : K8sModel.all(docs, "ConfigMap", ConfigMap.class)) {
            configMaps.put(cm.getMetadata().getName(), Optional.ofNullable(cm.getData()).orElse(Map.of()));
        }
        Map<String, Deployment> deployments = new LinkedHashMap<>();
        for (Deployment d : K8sModel.all(docs, "Deployment", Deployment.class)) {
            deployments.put(d.getMetadata().getName(), d);
        }
        for (Contract.Service s : Contract.SERVICES) {
            Deployment d = deployments.remove(s.name());
            if (d == null) {
                problems.add("no Deployment " + s.name());
                continue;
            }
            String where = "Deployment " + s.name();
            PodSpec pod = d.getSpec().getTemplate().getSpec();
            Container main = pod.getContainers().stream().filter(c -> s.name().equals(c.getName())).findFirst().orElse(null);
            if (main == null) {
                problems.add(where + ": no container named " + s.name());
                continue;
            }
            for (Container c : pod.getContainers()) {
                problems.addAll(container(where, c, configMaps, true));
            }
            for (Container c : Optional.ofNullable(pod.getInitContainers()).orElse(List.of())) {
                problems.addAll(container(where, c, configMaps, false));
            }
            if (main.getPorts() == null || main.getPorts().stream().noneMatch(p -> p.getContainerPort() == s.port())) {
                problems.add(where + ": container port " + s.port() + " is not declared");
            }
            Map<String, String> env = effectiveEnv(main, configMaps);
            expect(problems, where, "QUARKUS_HTTP_PORT", env, String.valueOf(s.port()));
            expect(problems, where, "DISTILL_PUBLIC_URL", env, "http://" + s.name() + ":" + s.port());
            if (env.containsKey("DISTILL_DEVICE") && !Set.of("auto", "cpu", "gpu").contains(env.get("DISTILL_DEVICE"))) {
                problems.add(where + ": DISTILL_DEVICE is " + env.get("DISTILL_DEVICE") + ", expected auto, cpu or gpu");
            }
            problems.addAll(volumes(where, pod, main, env));
            problems.addAll(service(docs, s, d));
        }
        deployments.remove(K8sSharedState.OBJECT_STORE);
        for (String stray : deployments.keySet()) {
            problems.add("Deployment " + stray + " is not a service of the contract");
        }
        return problems;
    }

    private static List<String> container(String owner, Container c, Map<String, Map<String, String>> configMaps, boolean main) {
        List<String> problems = new ArrayList<>();
        String where = owner + " container " + c.getName();
        if (c.getImage() == null || c.getImage().isBlank()) {
            problems.add(where + ": no image");
        }
        Map<String, String> env = effectiveEnv(c, configMaps);
        if (main && env.isEmpty()) {
            problems.add(where + ": no env");
        }
        for (EnvFromSource from : Optional.ofNullable(c.getEnvFrom()).orElse(List.of())) {
            if (from.getConfigMapRef() != null && !configMaps.containsKey(from.getConfigMapRef().getName())) {
                problems.add(where + ": envFrom ConfigMap " + from.getConfigMapRef().getName() + " is not among the manifests");
            }
        }
        if (main) {
            List<String> required = new ArrayList<>(Contract.ENV);
            required.addAll(Contract.KAFKA_SECURITY_ENV);
            for (String name : required) {
                if (!env.containsKey(name) || env.get(name).isBlank()) {
                    problems.add(where + ": env " + name + " is not set");
                }
            }
            problems.addAll(probe(where, "startupProbe", c.getStartupProbe(), "/q/health/started", c));
            problems.addAll(probe(where, "livenessProbe", c.getLivenessProbe(), "/q/health/live", c));
            problems.addAll(probe(where, "readinessProbe", c.getReadinessProbe(), "/q/health/ready", c));
        }
        problems.addAll(resources(where, c.getResources()));
        return problems;
    }

    private static List<String> probe(String where, String kind, Probe probe, String path, Container c) {
        if (probe == null || probe.getHttpGet() == null) {
            return List.of(where + ": no " + kind + " (HTTP GET " + path + ")");
        }
        List<String> problems = new ArrayList<>();
        if (!path.equals(probe.getHttpGet().getPath())) {
            problems.add(where + ": " + kind + " checks " + probe.getHttpGet().getPath() + ", expected " + path);
        }
        IntOrString port = probe.getHttpGet().getPort();
        boolean known = port != null && Optional.ofNullable(c.getPorts()).orElse(List.of()).stream()
                .anyMatch(p -> Objects.equals(p.getName(), port.getStrVal()) || Objects.equals(p.getContainerPort(), port.getIntVal()));
        if (!known) {
            problems.add(where + ": " + kind + " port " + port + " is not a port of the container");
        }
        // Kubernetes' defaults when unset: a 1 s timeout, every 10 s.
        int timeout = Optional.ofNullable(probe.getTimeoutSeconds()).orElse(1);
        int period = Optional.ofNullable(probe.getPeriodSeconds()).orElse(10);
        if (timeout < Contract.PROBE_TIMEOUT_SECONDS) {
            problems.add(where + ": " + kind + " timeoutSeconds " + timeout + " is under "
                    + Contract.PROBE_TIMEOUT_SECONDS + " (readiness may take up to 2 s to say Kafka is down)");
        }
        if (period < timeout) {
            problems.add(where + ": " + kind + " periodSeconds " + period + " is under its timeoutSeconds " + timeout);
        }
        return problems;
    }

    static List<String> resources(String where, ResourceRequirements r) {
        List<String> problems = new ArrayList<>();
        if (r == null) {
            return List.of(where + ": no resources");
        }
        for (String name : List.of("cpu", "memory")) {
            Quantity request = r.getRequests() == null ? null : r.getRequests().get(name);
            Quantity limit = r.getLimits() == null ? null : r.getLimits().get(name);
            if (request == null) {
                problems.add(where + ": no " + name + " request");
            }
            if (limit == null) {
                problems.add(where + ": no " + name + " limit");
            }
            if (request != null && limit != null
                    && Quantity.getAmountInBytes(request).compareTo(Quantity.getAmountInBytes(limit)) > 0) {
                problems.add(where + ": " + name + " request " + request + " is above its limit " + limit);
            }
        }
        return problems;
    }

    /** The env a container sees: its ConfigMaps' keys, then its own env, which wins. */
    static Map<String, String> effectiveEnv(Container c, Map<String, Map<String, String>> configMaps) {
        Map<String, String> env = new LinkedHashMap<>();
        for (EnvFromSource from : Optional.ofNullable(c.getEnvFrom()).orElse(List.of())) {
            if (from.getConfigMapRef() != null) {
                env.putAll(configMaps.getOrDefault(from.getConfigMapRef().getName(), Map.of()));
            }
        }
        for (EnvVar e : Optional.ofNullable(c.getEnv()).orElse(List.of())) {
            env.put(e.getName(), e.getValue() != null ? e.getValue() : e.getValueFrom() != null ? "<from " + e.getValueFrom() + ">" : "");
        }
        return env;
    }

    private static void expect(List<String> problems, String where, String name, Map<String, String> env, String value) {
        if (env.containsKey(name) && !value.equals(env.get(name))) {
            problems.add(where + ": " + name + " is " + env.get(name) + ", expected " + value);
        }
    }

    private static List<String> volumes(String where, PodSpec pod, Container main, Map<String, String> env) {
        List<String> problems = new ArrayList<>();
        Map<String, Volume> byName = new HashMap<>();
        for (Volume v : Optional.ofNullable(pod.getVolumes()).orElse(List.of())) {
            byName.put(v.getName(), v);
            if (v.getConfigMap() != null) {
                problems.add(where + ": volume " + v.getName() + " mounts ConfigMap " + v.getConfigMap().getName()
                        + "; a service takes its settings as env (distill-common) and its data from the data image");
            }
        }
        VolumeMount store = mountAt(main, env.get("DISTILL_STORE_DIR"));
        Volume storeVolume = store == null ? null : byName.get(store.getName());
        if (storeVolume == null || storeVolume.getEmptyDir() == null) {
            problems.add(where + ": DISTILL_STORE_DIR " + env.get("DISTILL_STORE_DIR") + " is not a mounted emptyDir (it is a cache only)");
        }
        VolumeMount data = mountAt(main, env.get("DISTILL_DATA_DIR"));
        if (data == null) {
            problems.add(where + ": DISTILL_DATA_DIR " + env.get("DISTILL_DATA_DIR") + " is not mounted");
        } else if (!Boolean.TRUE.equals(data.getReadOnly())) {
            problems.add(where + ": the data volume must be mounted read-only");
        }
        List<Container> all = new ArrayList<>(pod.getContainers());
        all.addAll(Optional.ofNullable(pod.getInitContainers()).orElse(List.of()));
        for (Container c : all) {
            for (VolumeMount m : Optional.ofNullable(c.getVolumeMounts()).orElse(List.of())) {
                if (!byName.containsKey(m.getName())) {
                    problems.add(where + ": mount " + m.getName() + " has no volume");
                }
            }
        }
        return problems;
    }

    private static VolumeMount mountAt(Container c, String path) {
        if (path == null) {
            return null;
        }
        return Optional.ofNullable(c.getVolumeMounts()).orElse(List.of()).stream()
                .filter(m -> path.equals(m.getMountPath())).findFirst().orElse(null);
    }

    private static List<String> service(List<ObjectNode> docs, Contract.Service s, Deployment d) {
        Service svc = K8sModel.all(docs, "Service", Service.class).stream()
                .filter(x -> s.name().equals(x.getMetadata().getName())).findFirst().orElse(null);
        if (svc == null) {
            return List.of("no Service " + s.name());
        }
        List<String> problems = new ArrayList<>();
        List<ServicePort> ports = Optional.ofNullable(svc.getSpec().getPorts()).orElse(List.of());
        if (ports.stream().noneMatch(p -> p.getPort() == s.port())) {
            problems.add("Service " + s.name() + ": does not serve port " + s.port());
        }
        Map<String, String> selector = Optional.ofNullable(svc.getSpec().getSelector()).orElse(Map.of());
        Map<String, String> labels = d.getSpec().getTemplate().getMetadata().getLabels();
        if (selector.isEmpty() || !labels.entrySet().containsAll(selector.entrySet())) {
            problems.add("Service " + s.name() + ": selector " + selector + " does not select the pods " + labels);
        }
        return problems;
    }

    /** Strimzi's Kafka in KRaft mode with a node pool, and a KafkaTopic for every topic of the contract. */
    static List<String> kafka(List<ObjectNode> docs) {
        List<String> problems = new ArrayList<>();
        List<ObjectNode> clusters = ofKind(docs, "Kafka");
        if (clusters.size() != 1) {
            return List.of("expected one Strimzi Kafka, found " + clusters.size());
        }
        String cluster = clusters.get(0).path("metadata").path("name").asText();
        JsonNode listeners = clusters.get(0).path("spec").path("kafka").path("listeners");
        if (!listeners.isArray() || listeners.isEmpty()) {
            problems.add("Kafka " + cluster + ": no listeners");
        }
        int brokers = 0;
        Set<String> roles = new HashSet<>();
        for (ObjectNode pool : ofKind(docs, "KafkaNodePool")) {
            if (!cluster.equals(pool.path("metadata").path("labels").path("strimzi.io/cluster").asText())) {
                problems.add("KafkaNodePool " + pool.path("metadata").path("name").asText() + ": not labelled for cluster " + cluster);
            }
            pool.path("spec").path("roles").forEach(r -> roles.add(r.asText()));
            if (!pool.path("spec").has("storage")) {
                problems.add("KafkaNodePool " + pool.path("metadata").path("name").asText() + ": no storage");
            }
            if (containsText(pool.path("spec").path("roles"), "broker")) {
                brokers += pool.path("spec").path("replicas").asInt();
            }
        }
        if (!roles.equals(Set.of("controller", "broker"))) {
            problems.add("the KafkaNodePools' roles are " + roles + ", expected controller and broker (KRaft)");
        }
        String bootstrap = cluster + "-kafka-bootstrap:";
        for (ConfigMap cm : K8sModel.all(docs, "ConfigMap", ConfigMap.class)) {
            String servers = Optional.ofNullable(cm.getData()).orElse(Map.of()).get("KAFKA_BOOTSTRAP_SERVERS");
            if (servers != null && !servers.startsWith(bootstrap)) {
                problems.add("ConfigMap " + cm.getMetadata().getName() + ": KAFKA_BOOTSTRAP_SERVERS " + servers
                        + " is not Strimzi's " + bootstrap + "<port>");
            }
        }
        Map<String, ObjectNode> topics = new HashMap<>();
        for (ObjectNode t : ofKind(docs, "KafkaTopic")) {
            String name = t.path("spec").path("topicName").asText(t.path("metadata").path("name").asText());
            topics.put(name, t);
            if (!cluster.equals(t.path("metadata").path("labels").path("strimzi.io/cluster").asText())) {
                problems.add("KafkaTopic " + name + ": not labelled strimzi.io/cluster=" + cluster);
            }
        }
        for (String name : Contract.topics()) {
            ObjectNode t = topics.get(name);
            if (t == null) {
                problems.add("no KafkaTopic for topic " + name);
                continue;
            }
            JsonNode spec = t.path("spec");
            if (spec.path("partitions").asInt() < 1) {
                problems.add("KafkaTopic " + name + ": partitions not stated");
            }
            int replicas = spec.path("replicas").asInt();
            if (replicas < 1 || replicas > brokers) {
                problems.add("KafkaTopic " + name + ": replicas " + replicas + " is not between 1 and the " + brokers + " brokers");
            }
            JsonNode config = spec.path("config");
            boolean compacted = config.path("cleanup.policy").asText().contains("compact");
            if (!compacted && !config.has("retention.ms")) {
                problems.add("KafkaTopic " + name + ": retention not stated (retention.ms, or cleanup.policy compact)");
            }
        }
        long softTargets = topics.containsKey("soft-targets")
                ? topics.get("soft-targets").path("spec").path("config").path("retention.ms").asLong(0) : 0;
        if (softTargets != -1 && softTargets < Contract.SOFT_TARGET_RETENTION_MS) {
            problems.add("KafkaTopic soft-targets: retention.ms " + softTargets + " is shorter than 7 days");
        }
        return problems;
    }

    /** With {@code gpu}, the training services ask for a GPU on GPU nodes and set DISTILL_DEVICE=gpu; without, none does. */
    static List<String> gpu(List<ObjectNode> docs, boolean gpu) {
        List<String> problems = new ArrayList<>();
        Map<String, Map<String, String>> configMaps = new HashMap<>();
        for (ConfigMap cm : K8sModel.all(docs, "ConfigMap", ConfigMap.class)) {
            configMaps.put(cm.getMetadata().getName(), Optional.ofNullable(cm.getData()).orElse(Map.of()));
        }
        for (Deployment d : K8sModel.all(docs, "Deployment", Deployment.class)) {
            String name = d.getMetadata().getName();
            boolean trains = Contract.trainingServices().stream().anyMatch(s -> s.name().equals(name));
            PodSpec pod = d.getSpec().getTemplate().getSpec();
            Container main = pod.getContainers().stream().filter(c -> name.equals(c.getName())).findFirst().orElse(pod.getContainers().get(0));
            Quantity gpus = Optional.ofNullable(main.getResources()).map(ResourceRequirements::getLimits)
                    .map(l -> l.get("nvidia.com/gpu")).orElse(null);
            String device = effectiveEnv(main, configMaps).get("DISTILL_DEVICE");
            boolean tolerates = Optional.ofNullable(pod.getTolerations()).orElse(List.of()).stream()
                    .anyMatch(t -> "nvidia.com/gpu".equals(t.getKey()));
            boolean selects = pod.getNodeSelector() != null && !pod.getNodeSelector().isEmpty();
            if (gpu && trains) {
                if (gpus == null || Quantity.getAmountInBytes(gpus).signum() <= 0) {
                    problems.add("Deployment " + name + ": no nvidia.com/gpu limit");
                }
                if (!"gpu".equals(device)) {
                    problems.add("Deployment " + name + ": DISTILL_DEVICE is " + device + ", expected gpu");
                }
                if (!tolerates) {
                    problems.add("Deployment " + name + ": no toleration for the nvidia.com/gpu taint");
                }
                if (!selects) {
                    problems.add("Deployment " + name + ": no GPU node selector");
                }
                if (!main.getImage().endsWith("-cuda")) {
                    problems.add("Deployment " + name + ": image " + main.getImage() + " is not a CUDA build (tag ending -cuda)");
                }
            } else if (gpus != null || "gpu".equals(device)) {
                problems.add("Deployment " + name + ": asks for a GPU where none is expected");
            }
        }
        return problems;
    }

    static List<ObjectNode> ofKind(List<ObjectNode> docs, String kind) {
        return docs.stream().filter(d -> kind.equals(d.path("kind").asText())).toList();
    }

    private static boolean containsText(JsonNode array, String text) {
        for (JsonNode n : array) {
            if (text.equals(n.asText())) {
                return true;
            }
        }
        return false;
    }
}
