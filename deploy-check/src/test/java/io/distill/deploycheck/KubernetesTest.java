package io.distill.deploycheck;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * deploy/k8s as {@code kubectl kustomize} renders it, against every Kubernetes check; and each check shown to catch
 * a rendering broken on purpose, with exactly the problems named, so none can pass by checking nothing.
 */
class KubernetesTest {

    private static final String POD = "/spec/template/spec";
    private static final String MAIN = POD + "/containers/0";

    @Test
    void theBaseAndTheGpuOverlayPassEveryCheck() {
        assertThat(K8sChecks.all(Render.k8s("base"), false)).isEmpty();
        assertThat(K8sChecks.all(Render.k8s("overlays/gpu"), true)).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("breaks")
    void eachCheckCatchesARenderingThatBreaksIt(String what, String dir, Consumer<List<ObjectNode>> edit, List<String> problems) {
        List<ObjectNode> docs = new ArrayList<>(Render.k8s(dir));
        edit.accept(docs);
        assertThat(K8sChecks.all(docs, dir.endsWith("gpu"))).containsExactlyInAnyOrderElementsOf(problems);
    }

    static Stream<Arguments> breaks() {
        return Stream.of(
                broken("a misspelt probe, a missing limit", docs -> {
                    ObjectNode c = at(docs, "Deployment/student-service", MAIN);
                    c.set("livenesProbe", c.remove("livenessProbe"));
                    at(docs, "Deployment/student-service", MAIN + "/resources/limits").remove("memory");
                }, "apps/v1/Deployment student-service.spec.template.spec.containers[0]: unknown field(s) [livenesProbe]",
                        "Deployment student-service: no livenessProbe (HTTP GET /q/health/live)",
                        "Deployment student-service container student-service: no memory limit"),
                broken("probes too quick for readiness to answer, on a path and port of no use", docs -> {
                    at(docs, "Deployment/soft-target-service", MAIN + "/readinessProbe").put("timeoutSeconds", 2);
                    at(docs, "Deployment/soft-target-service", MAIN + "/startupProbe").remove("timeoutSeconds");
                    at(docs, "Deployment/soft-target-service", MAIN + "/livenessProbe").put("periodSeconds", 4);
                    at(docs, "Deployment/teacher-service", MAIN + "/readinessProbe/httpGet").put("path", "/q/health/live").put("port", 9999);
                }, "Deployment soft-target-service: readinessProbe timeout 2 s is under 3 s (readiness may take up to 2 s to say Kafka is down)",
                        "Deployment soft-target-service: startupProbe timeout 1 s is under 3 s (readiness may take up to 2 s to say Kafka is down)",
                        "Deployment soft-target-service: livenessProbe period 4 s is under its timeout 5 s",
                        "Deployment teacher-service: readinessProbe GETs /q/health/live, expected /q/health/ready",
                        "Deployment teacher-service: readinessProbe port 9999 is not a port of the container"),
                broken("another service's port and URL, no container port, an unknown device", docs -> {
                    env(docs, "specialist-service", "QUARKUS_HTTP_PORT").put("value", "8083");
                    env(docs, "specialist-service", "DISTILL_PUBLIC_URL").put("value", "http://student-service:8083");
                    at(docs, "Deployment/specialist-service", MAIN + "/ports/0").put("containerPort", 8083);
                    at(docs, "ConfigMap/distill-common", "/data").put("DISTILL_DEVICE", "tpu");
                }, "Deployment specialist-service: QUARKUS_HTTP_PORT is 8083, expected 8084",
                        "Deployment specialist-service: DISTILL_PUBLIC_URL is http://student-service:8083, expected http://specialist-service:8084",
                        "Deployment specialist-service: container port 8084 is not declared",
                        "Deployment teacher-service: DISTILL_DEVICE is tpu, expected auto, cpu or gpu",
                        "Deployment soft-target-service: DISTILL_DEVICE is tpu, expected auto, cpu or gpu",
                        "Deployment student-service: DISTILL_DEVICE is tpu, expected auto, cpu or gpu",
                        "Deployment specialist-service: DISTILL_DEVICE is tpu, expected auto, cpu or gpu"),
                broken("a service left out, a stray Deployment, a Service selecting other pods", docs -> {
                    docs.remove(K8s.find(docs, "Deployment", "teacher-service"));
                    ObjectNode stray = K8s.find(docs, "Deployment", "student-service").deepCopy();
                    ((ObjectNode) stray.path("metadata")).put("name", "debugger");
                    docs.add(stray);
                    at(docs, "Service/student-service", "/spec/selector").put("app.kubernetes.io/name", "student");
                }, "no Deployment teacher-service", "Deployment debugger is not a service of the contract",
                        "Service student-service: selector {\"app.kubernetes.io/name\":\"student\"} does not select the pods"
                                + " {\"app.kubernetes.io/name\":\"student-service\",\"app.kubernetes.io/part-of\":\"distill\"}"),
                broken("a writable data volume, a ConfigMap volume, a mount with no volume, no ConfigMap to take env from", docs -> {
                    ArrayNode mounts = (ArrayNode) at(docs, "Deployment/teacher-service", MAIN).path("volumeMounts");
                    ((ObjectNode) mounts.get(0)).put("readOnly", false);
                    ((ObjectNode) mounts.get(1)).put("name", "cache");
                    ((ArrayNode) at(docs, "Deployment/teacher-service", POD).path("volumes")).addObject().put("name", "scripts")
                            .putObject("configMap").put("name", "distill-scripts");
                    at(docs, "Deployment/minio", MAIN).putArray("envFrom").addObject().putObject("configMapRef").put("name", "minio-env");
                }, "Deployment teacher-service: the data volume is not mounted read-only",
                        "Deployment teacher-service: DISTILL_STORE_DIR is not a mounted emptyDir (a cache only; the root is read-only)",
                        "Deployment teacher-service container teacher-service: mount cache has no volume",
                        "Deployment teacher-service: volume scripts mounts a ConfigMap; a service takes its settings as env (distill-common)"
                                + " and its data from the data image",
                        "Deployment minio container minio: envFrom ConfigMap minio-env is not among the manifests"),
                broken("one replica, recreated, on a PVC, with a fixed id", docs -> {
                    at(docs, "Deployment/student-service", "/spec").put("replicas", 1).putObject("strategy").put("type", "Recreate");
                    for (JsonNode v : at(docs, "Deployment/student-service", POD).path("volumes")) {
                        if ("store".equals(v.path("name").asText())) {
                            ((ObjectNode) v).remove("emptyDir");
                            ((ObjectNode) v).putObject("persistentVolumeClaim").put("claimName", "student-store");
                        }
                    }
                    env(docs, "student-service", "HOSTNAME").put("value", "student").remove("valueFrom");
                    at(docs, "Deployment/student-service", POD).put("hostname", "student");
                }, "Deployment student-service: replicas 1, expected at least 2",
                        "Deployment student-service: strategy Recreate, expected RollingUpdate",
                        "Deployment student-service: mounts PVC student-store; replicas share no volume, the state is in PostgreSQL and the object store",
                        "Deployment student-service: DISTILL_STORE_DIR is not a mounted emptyDir (a cache only; the root is read-only)",
                        "Deployment student-service: HOSTNAME is the value student, expected the pod's name (fieldRef metadata.name)",
                        "Deployment student-service: sets the pod's hostname, which every replica would share"),
                broken("a missing KafkaTopic, a short soft-targets retention, too many replicas, no KRaft controller", docs -> {
                    docs.removeIf(r -> "soft-targets.dlq".equals(r.path("spec").path("topicName").asText()));
                    for (ObjectNode t : K8s.ofKind(docs, "KafkaTopic")) {
                        if ("soft-targets".equals(t.path("spec").path("topicName").asText())) {
                            ((ObjectNode) t.path("spec").path("config")).put("retention.ms", 3600000);
                        }
                        if ("distill-progress".equals(t.path("spec").path("topicName").asText())) {
                            ((ObjectNode) t.path("spec")).put("replicas", 9);
                        }
                    }
                    K8s.ofKind(docs, "KafkaNodePool").forEach(pool -> ((ObjectNode) pool.path("spec")).putArray("roles").add("broker"));
                }, "no KafkaTopic for topic soft-targets.dlq", "KafkaTopic soft-targets: retention.ms 3600000 is shorter than 7 days",
                        "KafkaTopic distill-progress: replicas 9 is not between 1 and the 3 brokers",
                        "the KafkaNodePools' roles are [broker], expected controller and broker (KRaft)"),
                broken("root, a writable root, no seccomp profile, host namespaces, privileges, a baseline namespace", docs -> {
                    ObjectNode pod = at(docs, "Deployment/student-service", POD);
                    ((ObjectNode) pod.path("securityContext")).remove("seccompProfile");
                    pod.put("hostNetwork", true);
                    ObjectNode sc = (ObjectNode) pod.path("containers").path(0).path("securityContext");
                    sc.put("runAsUser", 0).put("readOnlyRootFilesystem", false).put("privileged", true);
                    ((ObjectNode) sc.path("capabilities")).putArray("add").add("SYS_ADMIN");
                    ((ArrayNode) pod.path("containers").path(0).path("ports")).addObject().put("containerPort", 80).put("hostPort", 80);
                    ((ArrayNode) pod.path("volumes")).addObject().put("name", "host").putObject("hostPath").put("path", "/");
                    at(docs, "Namespace/distill", "/metadata/labels").put("pod-security.kubernetes.io/enforce", "baseline");
                }, "Deployment student-service: shares the host's network, PID or IPC namespace",
                        "Deployment student-service: mounts a hostPath volume (host)",
                        "Deployment student-service container student-service: runs as root (runAsUser 0)",
                        "Deployment student-service container student-service: the root filesystem is not read-only",
                        "Deployment student-service container student-service: privileged",
                        "Deployment student-service container student-service: adds capabilities [\"SYS_ADMIN\"]",
                        "Deployment student-service container student-service: binds host port 80",
                        "Deployment student-service container student-service: no seccompProfile RuntimeDefault",
                        "Deployment student-service container copy-data: no seccompProfile RuntimeDefault",
                        "Namespace distill: pod-security.kubernetes.io/enforce is 'baseline', expected restricted"),
                broken("an init container that fetches the data, an entity operator that may run as root", docs -> {
                    at(docs, "Deployment/teacher-service", POD + "/initContainers/0").putArray("command").add("bash").add("/opt/distill/fetch/fetch-all.sh");
                    at(docs, "Kafka/distill", "/spec/entityOperator/template").remove("userOperatorContainer");
                }, "Deployment teacher-service container copy-data: fetches at start-up (bash /opt/distill/fetch/fetch-all.sh)",
                        "Kafka distill entity operator userOperator container template: allowPrivilegeEscalation is not false",
                        "Kafka distill entity operator userOperator container template: does not drop ALL capabilities",
                        "Kafka distill entity operator userOperator container template: the root filesystem is not read-only"),
                broken("no default deny, no DNS, an allow-all egress, a download and an ingress left out", docs -> {
                    docs.remove(K8s.find(docs, "NetworkPolicy", "default-deny"));
                    docs.remove(K8s.find(docs, "NetworkPolicy", "dns"));
                    ArrayNode egress = (ArrayNode) K8s.find(docs, "NetworkPolicy", "specialist-service").path("spec").path("egress");
                    egress.remove(egress.size() - 1);
                    egress.addObject();
                    ((ObjectNode) K8s.find(docs, "NetworkPolicy", "teacher-service").path("spec")).remove("ingress");
                }, "no NetworkPolicy denies all ingress and egress in the namespace by default",
                        "no NetworkPolicy lets the pods resolve names (egress to port 53)",
                        "NetworkPolicy specialist-service: an egress rule allows everything",
                        "NetworkPolicy for specialist-service: no egress to the artifacts on port 8083",
                        "NetworkPolicy for teacher-service: no ingress to its port 8081"),
                broken("an inline password, a Secret key the manifests lack", docs -> {
                    env(docs, "soft-target-service", "QUARKUS_DATASOURCE_PASSWORD").put("value", "hunter22").remove("valueFrom");
                    at(docs, "Secret/distill-object-store", "/stringData").remove("AWS_SECRET_ACCESS_KEY");
                }, "Deployment soft-target-service container soft-target-service: credential QUARKUS_DATASOURCE_PASSWORD is the value hunter22;"
                        + " it belongs in a Secret",
                        "Deployment soft-target-service: QUARKUS_DATASOURCE_PASSWORD is the value hunter22, expected a key of the shared ConfigMap or a Secret",
                        "Deployment soft-target-service: QUARKUS_DATASOURCE_PASSWORD is the value hunter22, expected secret distill-db-app key password",
                        "Deployment teacher-service container teacher-service: AWS_SECRET_ACCESS_KEY refers to Secret distill-object-store"
                                + " key AWS_SECRET_ACCESS_KEY, which the manifests do not hold",
                        "Deployment soft-target-service container soft-target-service: AWS_SECRET_ACCESS_KEY refers to Secret distill-object-store"
                                + " key AWS_SECRET_ACCESS_KEY, which the manifests do not hold",
                        "Deployment student-service container student-service: AWS_SECRET_ACCESS_KEY refers to Secret distill-object-store"
                                + " key AWS_SECRET_ACCESS_KEY, which the manifests do not hold",
                        "Deployment specialist-service container specialist-service: AWS_SECRET_ACCESS_KEY refers to Secret distill-object-store"
                                + " key AWS_SECRET_ACCESS_KEY, which the manifests do not hold",
                        "Deployment minio container minio: MINIO_ROOT_PASSWORD refers to Secret distill-object-store"
                                + " key AWS_SECRET_ACCESS_KEY, which the manifests do not hold",
                        "Job minio-bucket container mc: AWS_SECRET_ACCESS_KEY refers to Secret distill-object-store"
                                + " key AWS_SECRET_ACCESS_KEY, which the manifests do not hold"),
                broken("a credential in the ConfigMap, a real-looking password in a Secret", docs -> {
                    at(docs, "ConfigMap/distill-common", "/data").put("AWS_SECRET_ACCESS_KEY", "hunter22");
                    at(docs, "Secret/distill-db-app", "/stringData").put("password", "hunter22");
                }, "ConfigMap distill-common: holds credential AWS_SECRET_ACCESS_KEY; it belongs in a Secret",
                        "Secret distill-db-app: password is not a REPLACE-ME placeholder; real credentials stay out of the repository"),
                broken("the services on the database's read-only Service, a Cluster whose owner is not in its Secret", docs -> {
                    at(docs, "ConfigMap/distill-common", "/data").put("QUARKUS_DATASOURCE_JDBC_URL", "jdbc:postgresql://distill-db-ro:5432/distill");
                    at(docs, "Cluster/distill-db", "/spec/bootstrap/initdb").put("owner", "app");
                }, jdbc("teacher-service"), jdbc("soft-target-service"), jdbc("student-service"), jdbc("specialist-service"),
                        "Cluster distill-db: Secret distill-db-app does not hold the owner app and a password"),
                broken("no database", docs -> docs.removeIf(r -> "Cluster".equals(r.path("kind").asText())),
                        "expected one CloudNativePG Cluster (postgresql.cnpg.io/v1), found 0"),
                broken("an object store on no volume, without its bucket Job, at another endpoint", docs -> {
                    docs.removeIf(r -> List.of("Job", "PersistentVolumeClaim").contains(r.path("kind").asText()));
                    ((ArrayNode) at(docs, "Deployment/student-service", MAIN).path("env")).addObject()
                            .put("name", "DISTILL_OBJECT_STORE_ENDPOINT").put("value", "http://s3:9000");
                }, "Deployment minio: keeps its data on no PVC among the manifests", "no Job creates the bucket DISTILL_OBJECT_STORE_BUCKET (mc mb)",
                        "Deployment student-service: DISTILL_OBJECT_STORE_ENDPOINT is the value http://s3:9000, expected a key of the shared ConfigMap or a Secret",
                        "Deployment student-service: DISTILL_OBJECT_STORE_ENDPOINT is the value http://s3:9000, expected the value http://minio:9000"),
                broken("no object store", docs -> docs.removeIf(r -> "minio".equals(K8s.name(r))), "no Deployment minio (the object store)"),
                broken("a plain listener, no authorization, no User Operator, a TLS user", docs -> {
                    ObjectNode kafka = at(docs, "Kafka/distill", "/spec");
                    ((ArrayNode) kafka.path("kafka").path("listeners")).addObject().put("name", "plain").put("port", 9092).put("type", "internal").put("tls", false);
                    ((ObjectNode) kafka.path("kafka")).remove("authorization");
                    ((ObjectNode) kafka.path("entityOperator")).remove("userOperator");
                    at(docs, "KafkaUser/teacher-service", "/spec/authentication").put("type", "tls");
                }, "Kafka distill: listener plain (port 9092) is not TLS",
                        "Kafka distill: listener plain (port 9092) authenticates with none, expected scram-sha-512",
                        "Kafka distill: authorization is none, expected simple (ACLs, Kafka's StandardAuthorizer)",
                        "Kafka distill: no User Operator (entityOperator.userOperator), so no KafkaUser takes effect",
                        "KafkaUser teacher-service: authenticates with tls, expected scram-sha-512",
                        "Deployment teacher-service: no SCRAM-SHA-512 KafkaUser teacher-service to log in as",
                        "Deployment teacher-service container teacher-service: KAFKA_SASL_JAAS_CONFIG refers to Secret teacher-service"
                                + " key sasl.jaas.config, which the manifests do not hold"),
                broken("a service logged in as another, in plaintext, without the CA or with it writable", docs -> {
                    ((ObjectNode) env(docs, "specialist-service", "KAFKA_SASL_JAAS_CONFIG").path("valueFrom").path("secretKeyRef")).put("name", "teacher-service");
                    ((ArrayNode) at(docs, "Deployment/student-service", MAIN).path("env")).addObject().put("name", "KAFKA_SECURITY_PROTOCOL").put("value", "PLAINTEXT");
                    at(docs, "Deployment/teacher-service", MAIN + "/volumeMounts/4").put("readOnly", false);
                    ((ArrayNode) at(docs, "Deployment/soft-target-service", MAIN).path("volumeMounts")).remove(4);
                }, "Deployment specialist-service: KAFKA_SASL_JAAS_CONFIG is secret teacher-service key sasl.jaas.config,"
                        + " expected secret specialist-service key sasl.jaas.config",
                        "Deployment student-service: KAFKA_SECURITY_PROTOCOL is the value PLAINTEXT, expected the value SASL_SSL",
                        "Deployment teacher-service: the Kafka CA volume kafka-ca is not mounted read-only",
                        "Deployment soft-target-service: KAFKA_SSL_TRUSTSTORE_LOCATION /etc/distill/kafka-ca/ca.crt is not in a volume"
                                + " of Secret distill-cluster-ca-cert key ca.crt"),
                broken("a plaintext bootstrap port, a JAAS password inline", docs -> {
                    at(docs, "ConfigMap/distill-common", "/data").put("KAFKA_BOOTSTRAP_SERVERS", "distill-kafka-bootstrap:9092");
                    env(docs, "teacher-service", "KAFKA_SASL_JAAS_CONFIG").put("value", "password=\"hunter22\";").remove("valueFrom");
                }, bootstrap("teacher-service"), bootstrap("soft-target-service"), bootstrap("student-service"), bootstrap("specialist-service"),
                        "Deployment teacher-service container teacher-service: credential KAFKA_SASL_JAAS_CONFIG is the value password=\"hunter22\";;"
                                + " it belongs in a Secret",
                        "Deployment teacher-service: KAFKA_SASL_JAAS_CONFIG is the value password=\"hunter22\";,"
                                + " expected secret teacher-service key sasl.jaas.config"),
                broken("a KafkaUser that does not carry acls.tsv's grants", docs -> {
                    ArrayNode acls = (ArrayNode) K8s.find(docs, "KafkaUser", "student-service").path("spec").path("authorization").path("acls");
                    acls.remove(0);
                    ((ObjectNode) acls.get(0)).put("type", "deny");
                    docs.remove(K8s.find(docs, "KafkaUser", KafkaAcls.OBSERVER));
                }, "deploy/kafka/acls.tsv names principal distill-observer, which has no KafkaUser",
                        "deploy/kafka/acls.tsv grants student-service Read on topic transfer-sets, which its KafkaUser does not",
                        "KafkaUser student-service: the ACL on group student-service is not an allow rule for any host on a literal or"
                                + " prefixed name, which acls.tsv cannot express",
                        "deploy/kafka/acls.tsv grants student-service Read on group student-service, which its KafkaUser does not"),
                broken("a GPU on the base, and a namespace left out", docs -> {
                    ((ArrayNode) at(docs, "Deployment/teacher-service", MAIN).path("env")).addObject().put("name", "DISTILL_DEVICE").put("value", "gpu");
                    ((ObjectNode) K8s.find(docs, "Service", "minio").path("metadata")).remove("namespace");
                }, "Deployment teacher-service: asks for a GPU where none is expected", "Service minio: not in the namespace distill"),
                broken("overlays/gpu", "a training service without its GPU, node selector, toleration or CUDA image", docs -> {
                    ObjectNode pod = at(docs, "Deployment/teacher-service", POD);
                    pod.remove(List.of("nodeSelector", "tolerations"));
                    ((ObjectNode) pod.path("containers").path(0).path("resources").path("limits")).remove("nvidia.com/gpu");
                    ((ObjectNode) pod.path("containers").path(0)).put("image", "distill/teacher-service:0.1.0");
                    ((ArrayNode) pod.path("containers").path(0).path("env")).remove(0);
                }, "Deployment teacher-service: no nvidia.com/gpu limit", "Deployment teacher-service: DISTILL_DEVICE is not gpu",
                        "Deployment teacher-service: no toleration for the nvidia.com/gpu taint", "Deployment teacher-service: no GPU node selector",
                        "Deployment teacher-service: image distill/teacher-service:0.1.0 is not a CUDA build (tag ending -cuda)"));
    }

    private static Arguments broken(String what, Consumer<List<ObjectNode>> edit, String... problems) {
        return broken("base", what, edit, problems);
    }

    private static Arguments broken(String dir, String what, Consumer<List<ObjectNode>> edit, String... problems) {
        return Arguments.of(dir + ": " + what, dir, edit, List.of(problems));
    }

    /** The node at {@code pointer} (a JSON pointer) in the object {@code kindAndName}, such as "Deployment/minio". */
    static ObjectNode at(List<ObjectNode> docs, String kindAndName, String pointer) {
        String[] id = kindAndName.split("/", 2);
        return (ObjectNode) K8s.find(docs, id[0], id[1]).at(pointer);
    }

    /** The env entry {@code name} of a service's main container. */
    static ObjectNode env(List<ObjectNode> docs, String service, String name) {
        for (JsonNode e : at(docs, "Deployment/" + service, MAIN).path("env")) {
            if (name.equals(e.path("name").asText())) {
                return (ObjectNode) e;
            }
        }
        throw new AssertionError("Deployment " + service + " has no env " + name);
    }

    private static String jdbc(String service) {
        return "Deployment " + service + ": QUARKUS_DATASOURCE_JDBC_URL is configMap distill-common key QUARKUS_DATASOURCE_JDBC_URL,"
                + " expected the value jdbc:postgresql://distill-db-rw:5432/distill";
    }

    private static String bootstrap(String service) {
        return "Deployment " + service + ": KAFKA_BOOTSTRAP_SERVERS distill-kafka-bootstrap:9092 is not distill-kafka-bootstrap on a TLS"
                + " listener with scram-sha-512 (ports [9093])";
    }
}
