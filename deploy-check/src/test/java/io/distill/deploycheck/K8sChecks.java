package io.distill.deploycheck;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.distill.deploycheck.Services.Value;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Checks what each service's pods need in a rendered kustomization; {@link #all} runs every Kubernetes check. */
final class K8sChecks {

    private static final Map<String, String> PROBES = Map.of("startupProbe", "/q/health/started", "livenessProbe", "/q/health/live",
            "readinessProbe", "/q/health/ready");
    /** Where the services find the database and the object store: the shared ConfigMap or a Secret, never a value of their own. */
    private static final List<String> SHARED_STATE_ENV = List.of("QUARKUS_DATASOURCE_JDBC_URL", "QUARKUS_DATASOURCE_USERNAME",
            "QUARKUS_DATASOURCE_PASSWORD", "DISTILL_OBJECT_STORE_ENDPOINT", "DISTILL_OBJECT_STORE_BUCKET", "AWS_ACCESS_KEY_ID",
            "AWS_SECRET_ACCESS_KEY", "AWS_REGION");

    private K8sChecks() {}

    /** Every problem of a rendering; {@code gpu}: the training services are expected on GPUs. */
    static List<String> all(List<ObjectNode> docs, boolean gpu) {
        Problems p = new Problems();
        docs.forEach(d -> K8sModel.parse(d, p));
        Contract.SERVICES.forEach(s -> service(p, docs, s));
        gpu(p, docs, gpu);
        K8sSecurity.check(p, docs);
        K8sState.check(p, docs);
        resources(p, docs);
        Strimzi.check(p, docs);
        p.addAll(KafkaAcls.compare(KafkaAcls.read(), docs));
        p.expect(K8s.ofKind(docs, "Namespace").stream().map(K8s::name).toList().equals(List.of("distill")),
                "expected one Namespace, distill");
        docs.stream().filter(d -> !"Namespace".equals(d.path("kind").asText()) && !"distill".equals(d.at("/metadata/namespace").asText()))
                .forEach(d -> p.add(d.path("kind").asText() + " " + K8s.name(d) + ": not in the namespace distill"));
        return p;
    }

    /** A service's Deployment: variables, probes, volumes, replicas, resources, and the Service that selects its pods. */
    private static void service(Problems p, List<ObjectNode> docs, Contract.Service s) {
        String where = "Deployment " + s.name();
        JsonNode d = K8s.find(docs, "Deployment", s.name());
        JsonNode main = K8s.main(docs, s.name());
        if (main.isMissingNode()) {
            p.add(where + ": missing, or with no container " + s.name());
            return;
        }
        Map<String, Value> env = K8s.env(main, docs);
        Services.variables(p, s, where, env);
        PROBES.forEach((kind, path) -> {
            JsonNode get = main.path(kind).path("httpGet");
            JsonNode port = get.path("port");
            p.expect(get.isObject(), where + ": no " + kind + " (HTTP GET " + path + ")");
            p.expect(get.isMissingNode() || path.equals(get.path("path").asText()), where + ": " + kind + " is not on " + path);
            p.expect(get.isMissingNode() || main.path("ports").findValues(port.isInt() ? "containerPort" : "name").contains(port),
                    where + ": " + kind + " port " + port + " is not a port of the container");
            if (get.isObject()) {
                // Kubernetes' defaults when unset: a 1 s timeout, every 10 s.
                JsonNode probe = main.path(kind);
                Services.timing(p, where + ": " + kind, probe.path("timeoutSeconds").asInt(1), probe.path("periodSeconds").asInt(10));
            }
        });
        JsonNode pod = d.at("/spec/template/spec");
        String data = Services.text(env, "DISTILL_DATA_DIR");
        // The root filesystem is read-only, so the cache needs a volume: an emptyDir, since deleting it loses nothing.
        p.expect(K8s.mountAt(pod, main, Services.text(env, "DISTILL_STORE_DIR")).has("emptyDir"),
                where + ": DISTILL_STORE_DIR is not an emptyDir");
        p.expect(K8s.mountAt(pod, main, data).isObject(), where + ": DISTILL_DATA_DIR is not mounted");
        main.path("volumeMounts").forEach(m -> p.expect(!m.path("mountPath").asText().equals(data) || m.path("readOnly").asBoolean(),
                where + ": the data volume is not read-only"));
        for (JsonNode v : pod.path("volumes")) {
            p.expect(!v.has("configMap"), where + ": volume " + v.path("name").asText()
                    + " is a ConfigMap; settings come as env, data from its image");
            p.expect(!v.has("persistentVolumeClaim"), where + ": volume " + v.path("name").asText()
                    + " is a PVC, which replicas cannot share");
        }
        p.expect(d.at("/spec/replicas").asInt(1) >= 2, where + ": replicas " + d.at("/spec/replicas") + ", expected at least 2");
        p.expect(d.at("/spec/strategy/type").asText("RollingUpdate").equals("RollingUpdate"), where + ": not rolled over (RollingUpdate)");
        p.expect(!pod.has("hostname"), where + ": sets the pod's hostname, which every replica would share");
        Value podName = new Value("field", null, "metadata.name", null);
        Contract.PLATFORM_ENV.forEach(name -> p.expect(env.get(name) == null || env.get(name).matches(podName),
                where + ": " + name + " is " + env.get(name) + ", expected the pod's name (fieldRef metadata.name)"));
        SHARED_STATE_ENV.forEach(name -> p.expect(env.get(name) != null && Set.of("configMap", "secret").contains(env.get(name).kind()),
                where + ": " + name + " is " + env.get(name) + ", expected a key of the shared ConfigMap or a Secret"));
        // Its port, like QUARKUS_HTTP_PORT's and the container's, is the service's values.yaml's: the template makes them one.
        JsonNode svc = K8s.find(docs, "Service", s.name());
        JsonNode labels = d.at("/spec/template/metadata/labels");
        p.expect(selects(svc, labels), "Service " + s.name() + ": selector " + svc.at("/spec/selector") + " does not select " + labels);
    }

    /** Every container of every pod asks for cpu and memory and is limited in both, so that nodes can be sized for them. */
    private static void resources(Problems p, List<ObjectNode> docs) {
        K8s.pods(docs).forEach((owner, pod) -> K8s.containers(pod).forEach(c -> {
            for (String r : List.of("requests/cpu", "requests/memory", "limits/cpu", "limits/memory")) {
                p.expect(c.at("/resources/" + r).isValueNode(), owner + " container " + c.path("name").asText() + ": no " + r);
            }
        }));
    }

    /** The Service's selector is not empty, and each of its labels is the pods'. */
    static boolean selects(JsonNode service, JsonNode labels) {
        JsonNode selector = service.at("/spec/selector");
        return !selector.isEmpty() && selector.properties().stream().allMatch(e -> e.getValue().equals(labels.path(e.getKey())));
    }

    /** With {@code gpu}, each training service asks for an NVIDIA GPU on GPU nodes, with DISTILL_DEVICE=gpu and a CUDA image; else none. */
    private static void gpu(Problems p, List<ObjectNode> docs, boolean gpu) {
        for (ObjectNode d : K8s.ofKind(docs, "Deployment")) {
            String where = "Deployment " + K8s.name(d);
            JsonNode pod = d.at("/spec/template/spec");
            JsonNode main = K8s.main(docs, K8s.name(d)).isObject() ? K8s.main(docs, K8s.name(d)) : pod.at("/containers/0");
            JsonNode gpus = main.at("/resources/limits/nvidia.com~1gpu");
            boolean device = "gpu".equals(Services.text(K8s.env(main, docs), "DISTILL_DEVICE"));
            if (gpu && Contract.SERVICES.stream().anyMatch(s -> s.trains() && s.name().equals(K8s.name(d)))) {
                p.expect(gpus.asInt() > 0, where + ": no nvidia.com/gpu limit");
                p.expect(device, where + ": DISTILL_DEVICE is not gpu");
                p.expect(pod.path("tolerations").findValuesAsText("key").contains("nvidia.com/gpu"),
                        where + ": does not tolerate nvidia.com/gpu");
                p.expect(!pod.path("nodeSelector").isEmpty(), where + ": no GPU node selector");
                p.expect(main.path("image").asText().endsWith("-cuda"), where + ": image " + main.path("image").asText()
                        + " is not a CUDA build");
            } else {
                p.expect(gpus.isMissingNode() && !device, where + ": asks for a GPU where none is expected");
            }
        }
    }
}
