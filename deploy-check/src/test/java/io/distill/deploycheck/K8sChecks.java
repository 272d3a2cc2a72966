package io.distill.deploycheck;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.distill.deploycheck.Env.Value;
import io.fabric8.kubernetes.api.model.Quantity;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Checks a rendered kustomization (deploy/k8s/base, or an overlay) for what a service's pods need: every
 * Deployment of the contract with its variables, probes, resources, volumes, replicas and Service; one
 * namespace; GPUs where, and only where, the overlay asks for them. {@link #all} runs every Kubernetes check.
 */
final class K8sChecks {

    /** Probes by kind, and the health endpoint each must call. */
    private static final Map<String, String> PROBES = Map.of("startupProbe", "/q/health/started",
            "livenessProbe", "/q/health/live", "readinessProbe", "/q/health/ready");
    /** The variables that point the services at the database and the object store, from the ConfigMap or a Secret. */
    static final List<String> SHARED_STATE_ENV = List.of("QUARKUS_DATASOURCE_JDBC_URL", "QUARKUS_DATASOURCE_USERNAME",
            "QUARKUS_DATASOURCE_PASSWORD", "DISTILL_OBJECT_STORE_ENDPOINT", "DISTILL_OBJECT_STORE_BUCKET",
            "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_REGION");

    private K8sChecks() {}

    /** Every problem of a rendering; {@code gpu}: the training services are expected on GPUs. */
    static List<String> all(List<ObjectNode> docs, boolean gpu) {
        Problems p = new Problems();
        docs.forEach(d -> K8sModel.parse(d, p));
        services(p, docs);
        gpu(p, docs, gpu);
        K8sSecurity.check(p, docs);
        K8sState.check(p, docs);
        Strimzi.check(p, docs);
        p.addAll(KafkaAcls.compare(KafkaAcls.read(), docs));
        Set<String> namespaces = new HashSet<>();
        K8s.ofKind(docs, "Namespace").forEach(n -> namespaces.add(K8s.name(n)));
        p.expect(namespaces.equals(Set.of("distill")), "the Namespaces are " + namespaces + ", expected distill alone");
        docs.stream().filter(d -> !"Namespace".equals(d.path("kind").asText()))
                .filter(d -> !"distill".equals(d.path("metadata").path("namespace").asText()))
                .forEach(d -> p.add(d.path("kind").asText() + " " + K8s.name(d) + ": not in the namespace distill"));
        return p;
    }

    /** Each service of the contract: its Deployment's main container, volumes, replicas and Service; and no other. */
    static void services(Problems p, List<ObjectNode> docs) {
        Set<String> deployments = new HashSet<>();
        K8s.ofKind(docs, "Deployment").forEach(d -> deployments.add(K8s.name(d)));
        deployments.remove(K8sState.OBJECT_STORE);
        for (Contract.Service s : Contract.SERVICES) {
            JsonNode d = K8s.find(docs, "Deployment", s.name());
            JsonNode main = K8s.main(docs, s.name());
            String where = "Deployment " + s.name();
            p.expect(deployments.remove(s.name()), "no Deployment " + s.name());
            p.expect(!d.isObject() || main.isObject(), where + ": no container named " + s.name());
            if (main.isObject()) {
                container(p, s, where, d, main, Env.of(main, docs));
                service(p, s, docs, d);
            }
        }
        deployments.forEach(stray -> p.add("Deployment " + stray + " is not a service of the contract"));
        K8s.pods(docs).forEach((owner, pod) -> K8s.containers(pod).forEach(c -> {
            String where = owner + " container " + c.path("name").asText();
            p.expect(!c.path("image").asText().isBlank(), where + ": no image");
            resources(p, where, c.path("resources"));
            c.path("envFrom").forEach(from -> p.expect(!from.has("configMapRef")
                    || K8s.find(docs, "ConfigMap", from.path("configMapRef").path("name").asText()).isObject(),
                    where + ": envFrom ConfigMap " + from.path("configMapRef").path("name").asText() + " is not among the manifests"));
            c.path("volumeMounts").forEach(m -> p.expect(volume(pod, m.path("name").asText()).isObject(),
                    where + ": mount " + m.path("name").asText() + " has no volume"));
        }));
    }

    private static void container(Problems p, Contract.Service s, String where, JsonNode d, JsonNode main, Map<String, Value> env) {
        List<String> required = new ArrayList<>(Contract.ENV);
        required.addAll(Contract.KAFKA_SECURITY_ENV);
        Services.variables(p, s, where, env, required);
        p.expect(main.path("ports").findValues("containerPort").stream().anyMatch(n -> n.asInt() == s.port()),
                where + ": container port " + s.port() + " is not declared");
        PROBES.forEach((kind, path) -> {
            JsonNode get = main.path(kind).path("httpGet");
            if (get.isMissingNode()) {
                p.add(where + ": no " + kind + " (HTTP GET " + path + ")");
                return;
            }
            p.expect(path.equals(get.path("path").asText()), where + ": " + kind + " GETs " + get.path("path").asText() + ", expected " + path);
            JsonNode port = get.path("port");
            p.expect(main.path("ports").findValues(port.isInt() ? "containerPort" : "name").contains(port),
                    where + ": " + kind + " port " + port + " is not a port of the container");
            // Kubernetes' defaults when unset: a 1 s timeout, every 10 s.
            Services.timing(p, where + ": " + kind, main.path(kind).path("timeoutSeconds").asInt(1),
                    main.path(kind).path("periodSeconds").asInt(10));
        });
        JsonNode pod = d.path("spec").path("template").path("spec");
        JsonNode store = mountAt(pod, main, Env.text(env, "DISTILL_STORE_DIR"));
        p.expect(store.has("emptyDir"), where + ": DISTILL_STORE_DIR is not a mounted emptyDir (a cache only; the root is read-only)");
        p.expect(mountAt(pod, main, Env.text(env, "DISTILL_DATA_DIR")).isObject(), where + ": DISTILL_DATA_DIR is not mounted");
        for (JsonNode m : main.path("volumeMounts")) {
            p.expect(!m.path("mountPath").asText().equals(Env.text(env, "DISTILL_DATA_DIR")) || m.path("readOnly").asBoolean(),
                    where + ": the data volume is not mounted read-only");
        }
        for (JsonNode v : pod.path("volumes")) {
            p.expect(!v.has("configMap"), where + ": volume " + v.path("name").asText() + " mounts a ConfigMap; a service takes its"
                    + " settings as env (distill-common) and its data from the data image");
            p.expect(!v.has("persistentVolumeClaim"), where + ": mounts PVC " + v.path("persistentVolumeClaim").path("claimName").asText()
                    + "; replicas share no volume, the state is in PostgreSQL and the object store");
        }
        p.expect(d.path("spec").path("replicas").asInt(1) >= 2, where + ": replicas " + d.path("spec").path("replicas") + ", expected at least 2");
        String strategy = d.path("spec").path("strategy").path("type").asText("RollingUpdate");
        p.expect(strategy.equals("RollingUpdate"), where + ": strategy " + strategy + ", expected RollingUpdate");
        p.expect(!pod.has("hostname"), where + ": sets the pod's hostname, which every replica would share");
        for (String name : Contract.PLATFORM_ENV) {
            Value id = env.get(name);
            p.expect(id == null || id.matches(new Value("field", null, "metadata.name", null)),
                    where + ": " + name + " is " + id + ", expected the pod's name (fieldRef metadata.name)");
        }
        for (String name : SHARED_STATE_ENV) {
            Value v = env.get(name);
            p.expect(v != null && Set.of("configMap", "secret").contains(v.kind()),
                    where + ": " + name + " is " + v + ", expected a key of the shared ConfigMap or a Secret");
        }
    }

    /** The Service of the same name serves the port and selects the Deployment's pods. */
    private static void service(Problems p, Contract.Service s, List<ObjectNode> docs, JsonNode d) {
        JsonNode svc = K8s.find(docs, "Service", s.name());
        p.expect(svc.path("spec").path("ports").findValues("port").stream().anyMatch(n -> n.asInt() == s.port()),
                "Service " + s.name() + ": does not serve port " + s.port());
        JsonNode selector = svc.path("spec").path("selector");
        JsonNode labels = d.path("spec").path("template").path("metadata").path("labels");
        p.expect(!selector.isEmpty() && selector.properties().stream().allMatch(e -> e.getValue().equals(labels.path(e.getKey()))),
                "Service " + s.name() + ": selector " + selector + " does not select the pods " + labels);
    }

    /** cpu and memory are requested and limited, the request no more than the limit. */
    static void resources(Problems p, String where, JsonNode r) {
        for (String name : List.of("cpu", "memory")) {
            JsonNode request = r.path("requests").path(name);
            JsonNode limit = r.path("limits").path(name);
            p.expect(!request.isMissingNode(), where + ": no " + name + " request");
            p.expect(!limit.isMissingNode(), where + ": no " + name + " limit");
            p.expect(request.isMissingNode() || limit.isMissingNode() || Quantity.getAmountInBytes(new Quantity(request.asText()))
                    .compareTo(Quantity.getAmountInBytes(new Quantity(limit.asText()))) <= 0,
                    where + ": " + name + " request " + request.asText() + " is above its limit " + limit.asText());
        }
    }

    static JsonNode volume(JsonNode pod, String name) {
        for (JsonNode v : pod.path("volumes")) {
            if (name.equals(v.path("name").asText())) {
                return v;
            }
        }
        return com.fasterxml.jackson.databind.node.MissingNode.getInstance();
    }

    /** The volume mounted at {@code path} in the container, or a missing node. */
    static JsonNode mountAt(JsonNode pod, JsonNode container, String path) {
        for (JsonNode m : container.path("volumeMounts")) {
            if (m.path("mountPath").asText().replaceAll("/+$", "").equals(path.replaceAll("/+$", ""))) {
                return volume(pod, m.path("name").asText());
            }
        }
        return com.fasterxml.jackson.databind.node.MissingNode.getInstance();
    }

    /** With {@code gpu}, each training service asks for an NVIDIA GPU on GPU nodes, with DISTILL_DEVICE=gpu and a CUDA image. */
    static void gpu(Problems p, List<ObjectNode> docs, boolean gpu) {
        for (ObjectNode d : K8s.ofKind(docs, "Deployment")) {
            String where = "Deployment " + K8s.name(d);
            JsonNode pod = d.path("spec").path("template").path("spec");
            JsonNode main = K8s.main(docs, K8s.name(d)).isObject() ? K8s.main(docs, K8s.name(d)) : pod.path("containers").path(0);
            JsonNode gpus = main.path("resources").path("limits").path("nvidia.com/gpu");
            boolean device = "gpu".equals(Env.text(Env.of(main, docs), "DISTILL_DEVICE"));
            if (gpu && Contract.SERVICES.stream().anyMatch(s -> s.trains() && s.name().equals(K8s.name(d)))) {
                p.expect(gpus.asInt() > 0, where + ": no nvidia.com/gpu limit");
                p.expect(device, where + ": DISTILL_DEVICE is not gpu");
                p.expect(pod.path("tolerations").findValuesAsText("key").contains("nvidia.com/gpu"), where + ": no toleration for the nvidia.com/gpu taint");
                p.expect(!pod.path("nodeSelector").isEmpty(), where + ": no GPU node selector");
                p.expect(main.path("image").asText().endsWith("-cuda"), where + ": image " + main.path("image").asText() + " is not a CUDA build (tag ending -cuda)");
            } else {
                p.expect(gpus.isMissingNode() && !device, where + ": asks for a GPU where none is expected");
            }
        }
    }
}
