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

/** Runs every Kubernetes check on deploy/k8s as kubectl kustomize renders it, and on renderings broken on purpose, which must fail. */
class KubernetesTest {

    @Test
    void theBaseAndTheGpuOverlayPassEveryCheck() {
        assertThat(K8sChecks.all(Render.k8s("base"), false)).isEmpty();
        assertThat(K8sChecks.all(Render.k8s("overlays/gpu"), true)).isEmpty();
    }

    /** Each check names its problem: the break causes exactly these problems, each the one that starts so. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("breaks")
    void eachCheckCatchesARenderingThatBreaksIt(String what, String dir, Consumer<List<ObjectNode>> edit, List<String> problems) {
        List<ObjectNode> docs = new ArrayList<>(Render.k8s(dir));
        edit.accept(docs);
        exactly(K8sChecks.all(docs, dir.endsWith("gpu")), problems);
    }

    /** {@code found} is as many problems as {@code expected}, each of which starts exactly one of them. */
    static void exactly(List<String> found, List<String> expected) {
        assertThat(found).hasSameSizeAs(expected);
        expected.forEach(start -> assertThat(found).as(start).filteredOn(f -> f.startsWith(start)).hasSize(1));
    }

    static Stream<Arguments> breaks() {
        return Stream.of(
                broken("a misspelt probe and env entry, a missing limit", docs -> {
                    main(docs, "student-service").set("livenesProbe", main(docs, "student-service").remove("livenessProbe"));
                    ObjectNode store = env(docs, "student-service", "DISTILL_STORE_DIR");
                    store.set("vaule", store.remove("value"));
                    ((ObjectNode) main(docs, "student-service").at("/resources/limits")).remove("memory");
                }, "apps/v1/Deployment student-service.spec.template.spec.containers[0]: unknown field(s) [livenesProbe]",
                        "apps/v1/Deployment student-service.spec.template.spec.containers[0].env[1]: unknown field(s) [vaule]",
                        "Deployment student-service: env DISTILL_STORE_DIR is not set", "Deployment student-service: no livenessProbe",
                        "Deployment student-service: DISTILL_STORE_DIR is not an emptyDir",
                        "Deployment student-service container student-service: no limits/memory"),
                broken("probes too quick for readiness to answer, on a path and port of no use", docs -> {
                    ((ObjectNode) main(docs, "soft-target-service").path("readinessProbe")).put("timeoutSeconds", 2);
                    ((ObjectNode) main(docs, "soft-target-service").path("livenessProbe")).put("periodSeconds", 4);
                    ((ObjectNode) main(docs, "teacher-service").at("/startupProbe/httpGet")).put("path", "/q/health/live").put("port",
                            9999);
                }, "Deployment soft-target-service: readinessProbe timeout 2 s", "Deployment soft-target-service: livenessProbe period 4 s",
                        "Deployment teacher-service: startupProbe is not on /q/health/started",
                        "Deployment teacher-service: startupProbe port 9999"),
                broken("another service's port and URL, an unknown device, a Service selecting other pods", docs -> {
                    env(docs, "specialist-service", "QUARKUS_HTTP_PORT").put("value", "8083");
                    env(docs, "specialist-service", "DISTILL_PUBLIC_URL").put("value", "http://student-service:8083");
                    main(docs, "teacher-service").withArray("env").addObject().put("name", "DISTILL_DEVICE").put("value", "tpu");
                    at(docs, "Service/student-service", "/spec/selector").put("app.kubernetes.io/name", "student");
                }, "Deployment specialist-service: QUARKUS_HTTP_PORT 8083", "Deployment specialist-service: DISTILL_PUBLIC_URL",
                        "Deployment teacher-service: DISTILL_DEVICE is tpu",
                        "Service student-service: selector {\"app.kubernetes.io/name\":\"student\"} does not select"),
                broken("a service left out", docs -> docs.remove(K8s.find(docs, "Deployment", "teacher-service")),
                        "Deployment teacher-service: missing"),
                broken("a writable data volume, a ConfigMap volume", docs -> {
                    ((ObjectNode) main(docs, "teacher-service").at("/volumeMounts/0")).put("readOnly", false);
                    at(docs, "Deployment/teacher-service", "/spec/template/spec").withArray("volumes").addObject()
                            .put("name", "scripts").putObject("configMap").put("name", "distill-scripts");
                }, "Deployment teacher-service: the data volume is not read-only",
                        "Deployment teacher-service: volume scripts is a ConfigMap"),
                broken("one replica, recreated, on a PVC, with a fixed id", docs -> {
                    at(docs, "Deployment/student-service", "/spec").put("replicas", 1).putObject("strategy").put("type", "Recreate");
                    ObjectNode store = at(docs, "Deployment/student-service", "/spec/template/spec/volumes/1");
                    store.remove("emptyDir");
                    store.putObject("persistentVolumeClaim").put("claimName", "student-store");
                    env(docs, "student-service", "HOSTNAME").put("value", "student").remove("valueFrom");
                    at(docs, "Deployment/student-service", "/spec/template/spec").put("hostname", "student");
                }, "Deployment student-service: replicas 1", "Deployment student-service: not rolled over",
                        "Deployment student-service: volume store is a PVC",
                        "Deployment student-service: DISTILL_STORE_DIR is not an emptyDir",
                        "Deployment student-service: HOSTNAME is the value student", "Deployment student-service: sets the pod's hostname"),
                broken("a missing KafkaTopic, a short soft-targets retention, too many replicas, no KRaft controller", docs -> {
                    docs.removeIf(r -> "soft-targets.dlq".equals(r.at("/spec/topicName").asText()));
                    at(docs, "KafkaTopic/soft-targets", "/spec/config").put("retention.ms", 3600000);
                    at(docs, "KafkaTopic/distill-progress", "/spec").put("replicas", 9);
                    K8s.ofKind(docs, "KafkaNodePool").forEach(pool -> ((ObjectNode) pool.path("spec")).putArray("roles").add("broker"));
                }, "no KafkaTopic for topic soft-targets.dlq", "KafkaTopic soft-targets: retention.ms 3600000 is shorter than 7 days",
                        "KafkaTopic distill-progress: replicas 9", "the KafkaNodePools' roles are [broker]"),
                broken("root, a writable root, no seccomp profile, host namespaces, privileges, a baseline namespace", docs -> {
                    ObjectNode pod = at(docs, "Deployment/student-service", "/spec/template/spec");
                    ((ObjectNode) pod.path("securityContext")).remove("seccompProfile");
                    pod.put("hostNetwork", true).withArray("volumes").addObject().put("name", "host").putObject("hostPath").put("path",
                            "/");
                    ObjectNode sc = (ObjectNode) main(docs, "student-service").path("securityContext");
                    sc.put("runAsUser", 0).put("readOnlyRootFilesystem", false).put("privileged", true);
                    ((ObjectNode) sc.path("capabilities")).putArray("add").add("SYS_ADMIN");
                    main(docs, "student-service").withArray("ports").addObject().put("containerPort", 80).put("hostPort", 80);
                    at(docs, "Namespace/distill", "/metadata/labels").put("pod-security.kubernetes.io/enforce", "baseline");
                }, "Deployment student-service: shares the host's network", "Deployment student-service: mounts a hostPath volume (host)",
                        "Deployment student-service container student-service: runs as root", "Namespace distill: enforces 'baseline'",
                        "Deployment student-service container student-service: the root filesystem is not read-only",
                        "Deployment student-service container student-service: privileged",
                        "Deployment student-service container student-service: adds capabilities [\"SYS_ADMIN\"]",
                        "Deployment student-service container student-service: binds host port 80",
                        "Deployment student-service container student-service: no seccompProfile",
                        "Deployment student-service container copy-data: no seccompProfile"),
                broken("an init container that fetches the data, an entity operator that may run as root", docs -> {
                    at(docs, "Deployment/teacher-service", "/spec/template/spec/initContainers/0").putArray("command").add("npm")
                            .add("pack");
                    at(docs, "Kafka/distill", "/spec/entityOperator/template").remove("userOperatorContainer");
                }, "Deployment teacher-service container copy-data: fetches at start-up (npm pack)",
                        "Kafka distill userOperator container template: allowPrivilegeEscalation is not false",
                        "Kafka distill userOperator container template: does not drop ALL capabilities",
                        "Kafka distill userOperator container template: the root filesystem is not read-only"),
                broken("no default deny, no DNS, an allow-all egress, a download and an ingress left out", docs -> {
                    docs.removeIf(r -> List.of("default-deny", "dns").contains(K8s.name(r)));
                    ArrayNode egress = at(docs, "NetworkPolicy/specialist-service", "/spec").withArray("egress");
                    egress.remove(egress.size() - 1);
                    egress.addObject();
                    at(docs, "NetworkPolicy/teacher-service", "/spec").remove("ingress");
                    at(docs, "NetworkPolicy/teacher-service", "/spec").withArray("egress").remove(1);
                    docs.remove(K8s.find(docs, "NetworkPolicy", "student-service"));
                }, "no NetworkPolicy selects student-service", "NetworkPolicy for teacher-service: no egress to PostgreSQL",
                        "no NetworkPolicy denies all traffic by default", "no NetworkPolicy lets the pods resolve names",
                        "NetworkPolicy specialist-service: an egress rule allows everything",
                        "NetworkPolicy for specialist-service: no egress to the artifacts on port 8083",
                        "NetworkPolicy for teacher-service: no ingress to its port 8081"),
                broken("an inline password, a Secret key the manifests lack", docs -> {
                    env(docs, "soft-target-service", "QUARKUS_DATASOURCE_PASSWORD").put("value", "hunter22").remove("valueFrom");
                    ((ObjectNode) env(docs, "teacher-service", "AWS_SECRET_ACCESS_KEY").at("/valueFrom/secretKeyRef")).put("key",
                            "aws-secret");
                }, "Deployment soft-target-service container soft-target-service: credential QUARKUS_DATASOURCE_PASSWORD",
                        "Deployment soft-target-service: QUARKUS_DATASOURCE_PASSWORD is the value hunter22, expected a key of the shared",
                        "Deployment soft-target-service: QUARKUS_DATASOURCE_PASSWORD is the value hunter22, expected secret distill-db-app",
                        "Deployment teacher-service container teacher-service: AWS_SECRET_ACCESS_KEY refers to Secret distill-object-store",
                        "Deployment teacher-service: AWS_SECRET_ACCESS_KEY is secret distill-object-store key aws-secret, expected secret"),
                broken("a credential in the ConfigMap, a real-looking password in a Secret", docs -> {
                    at(docs, "ConfigMap/distill-common", "/data").put("AWS_SECRET_ACCESS_KEY", "hunter22");
                    at(docs, "Secret/distill-db-app", "/stringData").put("password", "hunter22");
                }, "ConfigMap distill-common: holds credential AWS_SECRET_ACCESS_KEY",
                        "Secret distill-db-app: password is not a REPLACE-ME"),
                broken("a service on the database's read-only Service, a Cluster whose owner is not in its Secret", docs -> {
                    main(docs, "teacher-service").withArray("env").addObject().put("name", "QUARKUS_DATASOURCE_JDBC_URL")
                            .putObject("valueFrom").putObject("configMapKeyRef").put("name", "distill-common").put("key", "JDBC_RO");
                    at(docs, "ConfigMap/distill-common", "/data").put("JDBC_RO", "jdbc:postgresql://distill-db-ro:5432/distill");
                    at(docs, "Cluster/distill-db", "/spec/bootstrap/initdb").put("owner", "app");
                }, "Deployment teacher-service: QUARKUS_DATASOURCE_JDBC_URL is configMap distill-common key JDBC_RO",
                        "Cluster distill-db: Secret distill-db-app does not hold the owner app"),
                broken("no database", docs -> docs.removeIf(r -> "Cluster".equals(r.path("kind").asText())),
                "expected one CloudNativePG Cluster"),
                broken("an object store on no volume, without its bucket Job, at another endpoint", docs -> {
                    docs.removeIf(r -> List.of("Job", "PersistentVolumeClaim").contains(r.path("kind").asText()));
                    main(docs, "student-service").withArray("env").addObject().put("name", "DISTILL_OBJECT_STORE_ENDPOINT").put("value",
                            "http://s3");
                }, "Deployment minio: keeps its data on no PVC", "no Job creates the bucket",
                        "Deployment student-service: DISTILL_OBJECT_STORE_ENDPOINT is the value http://s3, expected a key of the shared",
                        "Deployment student-service: DISTILL_OBJECT_STORE_ENDPOINT is the value http://s3, expected the value"),
                broken("no object store", docs -> docs.removeIf(r -> "minio".equals(K8s.name(r))), "no Deployment minio"),
                broken("a plain listener, no authorization, no User Operator, a TLS user", docs -> {
                    ObjectNode kafka = at(docs, "Kafka/distill", "/spec/kafka");
                    kafka.withArray("listeners").addObject().put("name", "plain").put("port", 9092).put("type", "internal").put("tls",
                            false);
                    kafka.remove("authorization");
                    at(docs, "Kafka/distill", "/spec/entityOperator").remove("userOperator");
                    at(docs, "KafkaUser/teacher-service", "/spec/authentication").put("type", "tls");
                }, "Kafka distill: listener plain (port 9092) is not TLS",
                        "Kafka distill: listener plain (port 9092) authenticates with none",
                        "Kafka distill: authorization is none", "Kafka distill: no User Operator",
                        "KafkaUser teacher-service: authenticates with tls",
                        "Deployment teacher-service: no SCRAM-SHA-512 KafkaUser teacher-service",
                        "Deployment teacher-service container teacher-service: KAFKA_SASL_JAAS_CONFIG refers to Secret teacher-service"),
                broken("a service logged in as another, in plaintext, without the CA or with it writable, on a plaintext port", docs -> {
                    ((ObjectNode) env(docs, "specialist-service", "KAFKA_SASL_JAAS_CONFIG").at("/valueFrom/secretKeyRef")).put("name",
                            "teacher-service");
                    ArrayNode env = main(docs, "student-service").withArray("env");
                    env.addObject().put("name", "KAFKA_SECURITY_PROTOCOL").put("value", "PLAINTEXT");
                    env.addObject().put("name", "KAFKA_BOOTSTRAP_SERVERS").put("value", "distill-kafka-bootstrap:9092");
                    ((ObjectNode) main(docs, "teacher-service").at("/volumeMounts/4")).put("readOnly", false);
                    main(docs, "soft-target-service").withArray("volumeMounts").remove(4);
                }, "Deployment specialist-service: KAFKA_SASL_JAAS_CONFIG is secret teacher-service",
                        "Deployment student-service: KAFKA_SECURITY_PROTOCOL is the value PLAINTEXT",
                        "Deployment student-service: KAFKA_BOOTSTRAP_SERVERS distill-kafka-bootstrap:9092 is not a TLS and SCRAM listener",
                        "Deployment teacher-service: the Kafka CA volume kafka-ca is not mounted read-only",
                        "Deployment soft-target-service: KAFKA_SSL_TRUSTSTORE_LOCATION /etc/distill/kafka-ca/ca.crt is not the ca.crt"),
                broken("a KafkaUser that does not carry acls.tsv's grants, and one that acls.tsv does not name", docs -> {
                    ArrayNode acls = at(docs, "KafkaUser/student-service", "/spec/authorization").withArray("acls");
                    acls.remove(0);
                    ((ObjectNode) acls.get(0)).put("type", "deny");
                    ((ObjectNode) K8s.find(docs, "KafkaUser", KafkaAcls.OBSERVER).path("metadata")).put("name", "debugger");
                }, "deploy/kafka/acls.tsv names principal distill-observer, which has no KafkaUser",
                        "KafkaUser debugger is not a principal of deploy/kafka/acls.tsv",
                        "deploy/kafka/acls.tsv grants student-service Read on topic transfer-sets, which its KafkaUser does not",
                        "KafkaUser student-service: the ACL on group student-service is not an allow rule",
                        "deploy/kafka/acls.tsv grants student-service Read on group student-service, which its KafkaUser does not"),
                broken("an unknown kind, a nameless object, no namespace, an unmounted data volume, a pod that may run as root", docs -> {
                    docs.add((ObjectNode) Render.YAML.createObjectNode().put("apiVersion", "v1").put("kind", "Pod").set("metadata",
                            Render.YAML.createObjectNode().put("namespace", "distill")));
                    docs.removeIf(r -> "Namespace".equals(r.path("kind").asText()));
                    main(docs, "student-service").withArray("volumeMounts").remove(0);
                    ((ObjectNode) at(docs, "Deployment/student-service", "/spec/template/spec").path("securityContext"))
                            .put("runAsNonRoot", false).put("runAsUser", 0);
                }, "v1/Pod <no name>: metadata.name is missing", "v1/Pod <no name>: not a known kind", "expected one Namespace",
                        "Deployment student-service: DISTILL_DATA_DIR is not mounted", "Deployment student-service: runs as root",
                        "Deployment student-service container student-service: runAsNonRoot is not true",
                        "Deployment student-service container copy-data: runAsNonRoot is not true"),
                broken("super users, everyone allowed, users, pools and topics of no cluster, a topic kept for ever", docs -> {
                    at(docs, "Kafka/distill", "/spec/kafka/authorization").putArray("superUsers").add("User:admin");
                    at(docs, "Kafka/distill", "/spec/kafka/config").put("allow.everyone.if.no.acl.found", true);
                    at(docs, "KafkaUser/distill-observer", "/metadata/labels").remove("strimzi.io/cluster");
                    at(docs, "KafkaUser/distill-observer", "/spec/authorization").put("type", "opa");
                    K8s.ofKind(docs, "KafkaNodePool").forEach(pool -> ((ObjectNode) pool.at("/metadata/labels"))
                            .remove("strimzi.io/cluster"));
                    at(docs, "KafkaTopic/distill-progress", "/metadata/labels").remove("strimzi.io/cluster");
                    at(docs, "KafkaTopic/distill-progress", "/spec/config").remove("retention.ms");
                }, "Kafka distill: super users", "Kafka distill: allow.everyone.if.no.acl.found",
                        "KafkaUser distill-observer: not labelled",
                        "KafkaUser distill-observer: authorization is not simple", "KafkaNodePool dual-role: not labelled",
                        "KafkaTopic distill-progress: not labelled", "KafkaTopic distill-progress: retention not stated"),
                broken("a database of no instances or storage, an owner's Secret of another type, an object store no Service selects",
                docs -> {
                    at(docs, "Cluster/distill-db", "/spec").put("instances", 0).with("storage").remove("size");
                    at(docs, "Secret/distill-db-app", "").put("type", "Opaque");
                    at(docs, "Service/minio", "/spec/selector").put("app.kubernetes.io/name", "s3");
                    entry(K8s.find(docs, "Job", "minio-bucket").at("/spec/template/spec/containers/0"), "AWS_ACCESS_KEY_ID").put("value",
                            "distill")
                            .remove("valueFrom");
                }, "Job minio-bucket: AWS_ACCESS_KEY_ID is the value distill",
                        "Job minio-bucket container mc: credential AWS_ACCESS_KEY_ID", "Cluster distill-db: no instances",
                        "Cluster distill-db: no storage size", "Cluster distill-db: the owner's secret",
                        "no Service selects the pods of the Deployment minio"),
                broken("no Kafka, a database with no owner, a Deployment that does not parse", docs -> {
                    docs.removeIf(r -> "Kafka".equals(r.path("kind").asText()));
                    at(docs, "Cluster/distill-db", "/spec/bootstrap/initdb").remove("owner");
                    at(docs, "Deployment/minio", "/spec").put("replicas", "one");
                }, "expected one Strimzi Kafka, found 0", "Cluster distill-db: bootstrap.initdb must name",
                        "apps/v1/Deployment minio: does not parse"),
                broken("a GPU on the base, an object outside the namespace", docs -> {
                    main(docs, "teacher-service").withArray("env").addObject().put("name", "DISTILL_DEVICE").put("value", "gpu");
                    ((ObjectNode) K8s.find(docs, "Service", "minio").path("metadata")).remove("namespace");
                }, "Deployment teacher-service: asks for a GPU where none is expected", "Service minio: not in the namespace distill"),
                broken("overlays/gpu", "a training service without its GPU, node selector, toleration or CUDA image", docs -> {
                    at(docs, "Deployment/teacher-service", "/spec/template/spec").remove(List.of("nodeSelector", "tolerations"));
                    ((ObjectNode) main(docs, "teacher-service").at("/resources/limits")).remove("nvidia.com/gpu");
                    main(docs, "teacher-service").put("image", "distill/teacher-service:0.1.0").withArray("env").remove(0);
                }, "Deployment teacher-service: no nvidia.com/gpu limit", "Deployment teacher-service: DISTILL_DEVICE is not gpu",
                        "Deployment teacher-service: does not tolerate nvidia.com/gpu", "Deployment teacher-service: no GPU node selector",
                        "Deployment teacher-service: image distill/teacher-service:0.1.0 is not a CUDA build"));
    }

    private static Arguments broken(String what, Consumer<List<ObjectNode>> edit, String... problems) {
        return broken("base", what, edit, problems);
    }

    private static Arguments broken(String dir, String what, Consumer<List<ObjectNode>> edit, String... problems) {
        return Arguments.of(dir + ": " + what, dir, edit, List.of(problems));
    }

    /** The node at a JSON pointer in the object named like "Deployment/minio" (a KafkaTopic by its topic). */
    private static ObjectNode at(List<ObjectNode> docs, String kindAndName, String pointer) {
        String[] id = kindAndName.split("/", 2);
        return (ObjectNode) docs.stream().filter(d -> d.path("kind").asText().equals(id[0]))
                .filter(d -> K8s.name(d).equals(id[1]) || d.at("/spec/topicName").asText().equals(id[1])).findFirst().orElseThrow()
                .at(pointer);
    }

    private static ObjectNode main(List<ObjectNode> docs, String deployment) {
        return (ObjectNode) K8s.main(docs, deployment);
    }

    private static ObjectNode env(List<ObjectNode> docs, String deployment, String name) {
        return entry(main(docs, deployment), name);
    }

    private static ObjectNode entry(JsonNode container, String name) {
        for (JsonNode e : container.path("env")) {
            if (name.equals(e.path("name").asText())) {
                return (ObjectNode) e;
            }
        }
        throw new AssertionError(container.path("name").asText() + " has no env " + name);
    }
}
