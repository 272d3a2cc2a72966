package io.distill.deploycheck;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Runs every Kubernetes check on deploy/k8s as kubectl kustomize renders it, and on renderings broken on purpose. */
class KubernetesTest {

    /** The base and the gpu overlay pass; each break causes exactly the problems listed, named by how they start. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("breaks")
    void everyCheckPassesTheRenderingAndCatchesABreak(String what, String dir, Consumer<List<ObjectNode>> edit,
            List<String> problems) {
        List<ObjectNode> docs = new ArrayList<>(Render.k8s(dir));
        edit.accept(docs);
        exactly(K8s.all(docs, dir.endsWith("gpu")), problems);
    }

    /**
     * {@code found} is as many problems as {@code expected}, each of which starts exactly one of them; an expected
     * "where: a | b" stands for "where: a" and "where: b".
     */
    static void exactly(List<String> found, List<String> expected) {
        List<String> starts = new ArrayList<>();
        for (String e : expected) {
            String where = e.substring(0, e.indexOf(": ") + 2);
            List.of(e.substring(where.length()).split(" \\| ")).forEach(what -> starts.add(where + what));
        }
        assertThat(found).hasSameSizeAs(starts);
        starts.forEach(start -> assertThat(found).as(start).filteredOn(f -> f.startsWith(start)).hasSize(1));
    }

    static Stream<Arguments> breaks() {
        return Stream.of(broken("as rendered", docs -> {}), broken("overlays/gpu", "as rendered", docs -> {}),
                broken("a probe, a variable and a limit left out, probes too quick, on a path of no use", docs -> {
                    main(docs, "student-service", "").remove("livenessProbe");
                    env(docs, "student-service", "DISTILL_STORE_DIR").remove("value");
                    main(docs, "student-service", "/resources/limits").remove("memory");
                    main(docs, "soft-target-service", "/readinessProbe").put("timeoutSeconds", 2);
                    main(docs, "soft-target-service", "/livenessProbe").put("periodSeconds", 4);
                    main(docs, "teacher-service", "/startupProbe/httpGet").put("path", "/q/health");
                }, "Deployment student-service: DISTILL_STORE_DIR is not set | DISTILL_STORE_DIR is not writable"
                        + " | no liveness probe of :8083/q/health/live",
                        "Deployment student-service container student-service: no limits/memory",
                        "Deployment soft-target-service: readiness probe timeout 2 s | liveness probe period 4 s",
                        "Deployment teacher-service: no startup probe of :8081/q/health/started"),
                broken("another service's port and URL, an unknown device, a Service selecting other pods", docs -> {
                    env(docs, "specialist-service", "QUARKUS_HTTP_PORT").put("value", "8083");
                    env(docs, "specialist-service", "DISTILL_PUBLIC_URL").put("value", "http://student-service:8083");
                    add(docs, "teacher-service", "DISTILL_DEVICE", "tpu");
                    at(docs, "Service/student-service", "/spec/selector").put("app.kubernetes.io/name", "student");
                    docs.remove(K8s.find(docs, "Deployment", "soft-target-service"));
                }, "Deployment specialist-service: QUARKUS_HTTP_PORT is the value 8083, expected the value 8084"
                        + " | DISTILL_PUBLIC_URL is the value http://student-service:8083",
                        "Deployment teacher-service: DISTILL_DEVICE is tpu, expected auto or cpu",
                        "Service student-service: selector {\"app.kubernetes.io/name\":\"student\"} does not select",
                        "Deployment soft-target-service: missing"),
                broken("writable data, a ConfigMap volume, one replica, recreated, on a PVC, a fixed id", docs -> {
                    main(docs, "teacher-service", "/volumeMounts/0").put("readOnly", false);
                    at(docs, "Deployment/teacher-service", "/spec/template/spec").withArray("volumes").addObject()
                            .put("name", "scripts").putObject("configMap").put("name", "distill-scripts");
                    main(docs, "teacher-service", "").withArray("volumeMounts").addObject().put("name", "scripts")
                            .put("mountPath", "/scripts");
                    at(docs, "Deployment/student-service", "/spec").put("replicas", 1).putObject("strategy")
                            .put("type", "Recreate");
                    ObjectNode store = at(docs, "Deployment/student-service", "/spec/template/spec/volumes/1");
                    store.remove("emptyDir");
                    store.putObject("persistentVolumeClaim").put("claimName", "student-store");
                    env(docs, "student-service", "HOSTNAME").put("value", "student").remove("valueFrom");
                    at(docs, "Deployment/student-service", "/spec/template/spec").put("hostname", "student");
                }, "Deployment teacher-service: DISTILL_DATA_DIR is not mounted read-only"
                        + " | /scripts is mounted from a configMap",
                        "Deployment student-service: replicas 1 | not rolled over | HOSTNAME is the value student"
                        + " | /var/lib/distill/store is mounted from a persistentVolumeClaim"
                        + " | sets [hostname student]"),
                broken("a missing KafkaTopic, a short retention, a manifest topic not compacted, too many replicas,"
                        + " no KRaft controller", docs -> {
                    docs.removeIf(r -> "soft-targets.dlq".equals(r.at("/spec/topicName").asText()));
                    at(docs, "KafkaTopic/soft-targets", "/spec/config").put("retention.ms", 3600000);
                    at(docs, "KafkaTopic/datasets", "/spec/config").put("cleanup.policy", "compact,delete");
                    at(docs, "KafkaTopic/distill-progress", "/spec").put("replicas", 9);
                    K8s.ofKind(docs, "KafkaNodePool").forEach(pool -> pool.withObject("/spec").putArray("roles")
                            .add("broker"));
                }, "KafkaTopics: none for topic soft-targets.dlq", "KafkaTopic distill-progress: replicas 9",
                        "KafkaTopic soft-targets: retention.ms 3600000 is shorter than 7 days",
                        "KafkaTopic datasets: cleanup.policy is not compact", "KafkaNodePools: roles [broker]"),
                broken("root, a writable root, no seccomp, host namespaces, privileges, a baseline namespace", docs -> {
                    ObjectNode pod = at(docs, "Deployment/student-service", "/spec/template/spec");
                    pod.withObject("/securityContext").remove("seccompProfile");
                    pod.put("hostNetwork", true).withArray("volumes").addObject().put("name", "host")
                            .putObject("hostPath").put("path", "/");
                    ObjectNode sc = main(docs, "student-service", "/securityContext");
                    sc.put("runAsUser", 0).put("readOnlyRootFilesystem", false).put("privileged", true);
                    sc.withObject("/capabilities").putArray("add").add("SYS_ADMIN");
                    main(docs, "student-service", "").withArray("ports").addObject().put("containerPort", 80)
                            .put("hostPort", 80);
                    at(docs, "Namespace/distill", "/metadata/labels").put("pod-security.kubernetes.io/enforce",
                            "baseline");
                }, "Deployment student-service: shares the host's network | mounts a hostPath",
                        "Deployment student-service container student-service: runs as root | privileged"
                        + " | no seccompProfile | the root filesystem is not read-only"
                        + " | adds capabilities [\"SYS_ADMIN\"] | binds host port 80",
                        "Deployment student-service container copy-data: no seccompProfile",
                        "Namespaces: [distill enforcing baseline]"),
                broken("an init container that fetches the data, an entity operator that may run as root", docs -> {
                    at(docs, "Deployment/teacher-service", "/spec/template/spec/initContainers/0").putArray("command")
                            .add("npm").add("pack");
                    at(docs, "Kafka/distill", "/spec/entityOperator/template").remove("userOperatorContainer");
                }, "Deployment teacher-service container copy-data: fetches at start-up (npm pack)",
                        "Kafka distill userOperator container template: allowPrivilegeEscalation is not false"
                        + " | does not drop ALL capabilities | the root filesystem is not read-only"),
                broken("no default deny, no DNS, an allow-all egress, a download and an ingress left out", docs -> {
                    docs.removeIf(r -> List.of("default-deny", "dns").contains(K8s.name(r)));
                    ArrayNode egress = at(docs, "NetworkPolicy/specialist-service", "/spec").withArray("egress");
                    egress.remove(egress.size() - 1);
                    egress.addObject();
                    at(docs, "NetworkPolicy/teacher-service", "/spec").remove("ingress");
                    at(docs, "NetworkPolicy/teacher-service", "/spec").withArray("egress").remove(1);
                    docs.remove(K8s.find(docs, "NetworkPolicy", "student-service"));
                }, "NetworkPolicies: none denies all traffic by default | none lets the pods resolve names",
                        "NetworkPolicy specialist-service: an egress rule allows everything",
                        "NetworkPolicies for specialist-service: no egress to soft-target-service on port 8082",
                        "NetworkPolicies for teacher-service: no ingress to its port 8081 | no egress to PostgreSQL",
                        "NetworkPolicies for student-service: no ingress | no egress to Kafka | no egress to PostgreSQL"
                        + " | no egress to the object store | no egress to teacher-service on port 8081"
                        + " | no egress to soft-target-service on port 8082"),
                broken("a service that calls another with no key to sign its tokens, or the key not mounted", docs -> {
                    env(docs, "teacher-service", "SMALLRYE_JWT_SIGN_KEY_LOCATION").remove("value");
                    at(docs, "Deployment/specialist-service", "/spec/template/spec").path("volumes").forEach(v -> {
                        if (v.path("name").asText().equals("jwt")) {
                            ((ArrayNode) v.at("/secret/items")).remove(1);
                        }
                    });
                }, "Deployment teacher-service: cannot sign tokens to call teacher-service",
                        "Deployment specialist-service: cannot sign tokens to call teacher-service, student-service,"
                        + " soft-target-service"),
                broken("an inline password, a Secret key that is not there, credentials in the open", docs -> {
                    env(docs, "soft-target-service", "QUARKUS_DATASOURCE_PASSWORD").put("value", "hunter22")
                            .remove("valueFrom");
                    env(docs, "teacher-service", "AWS_SECRET_ACCESS_KEY").withObject("/valueFrom/secretKeyRef")
                            .put("key", "aws-secret");
                    at(docs, "ConfigMap/distill-common", "/data").put("AWS_SECRET_ACCESS_KEY", "hunter22");
                    at(docs, "Secret/distill-db-app", "/stringData").put("password", "hunter22");
                }, "Deployment soft-target-service container soft-target-service: credential QUARKUS_DATASOURCE_PASS",
                        "Deployment soft-target-service: QUARKUS_DATASOURCE_PASSWORD is the value hunter22, expected",
                        "Deployment teacher-service container teacher-service: AWS_SECRET_ACCESS_KEY refers to Secret",
                        "Deployment teacher-service: AWS_SECRET_ACCESS_KEY is secret distill-object-store key aws-",
                        "ConfigMap distill-common: holds credential AWS_SECRET_ACCESS_KEY",
                        "Secret distill-db-app: password is not a REPLACE-ME"),
                broken("a service on the read-only database, a Cluster whose owner is not its Secret's", docs -> {
                    add(docs, "teacher-service", "QUARKUS_DATASOURCE_JDBC_URL", null).putObject("valueFrom")
                            .putObject("configMapKeyRef").put("name", "distill-common").put("key", "JDBC_RO");
                    at(docs, "ConfigMap/distill-common", "/data").put("JDBC_RO", "jdbc:postgresql://distill-db-ro/db");
                    at(docs, "Cluster/distill-db", "/spec/bootstrap/initdb").put("owner", "app");
                }, "Deployment teacher-service: QUARKUS_DATASOURCE_JDBC_URL is configMap distill-common key JDBC_RO",
                        "Cluster distill-db: Secret distill-db-app does not hold the owner app"),
                broken("no database, an object store on no volume, without its bucket Job, elsewhere", docs -> {
                    docs.removeIf(r -> List.of("Job", "PersistentVolumeClaim", "Cluster").contains(r.path("kind")
                            .asText()));
                    add(docs, "student-service", "DISTILL_OBJECT_STORE_ENDPOINT", "http://s3");
                }, "CloudNativePG: expected one Cluster", "Deployment minio: keeps its data on no PVC",
                        "Jobs: none creates the bucket",
                        "Deployment student-service: DISTILL_OBJECT_STORE_ENDPOINT is the value http://s3, expected"),
                broken("no object store, no Kafka, a database with no owner", docs -> {
                    docs.removeIf(r -> "minio".equals(K8s.name(r)) || "Kafka".equals(r.path("kind").asText()));
                    at(docs, "Cluster/distill-db", "/spec/bootstrap/initdb").remove("owner");
                }, "Deployment minio: missing", "Strimzi: expected one Kafka, found 0",
                        "Cluster distill-db: bootstrap.initdb must name"),
                broken("a plain listener, no authorization, no User Operator, a TLS user", docs -> {
                    ObjectNode kafka = at(docs, "Kafka/distill", "/spec/kafka");
                    kafka.withArray("listeners").addObject().put("name", "plain").put("port", 9092)
                            .put("type", "internal").put("tls", false);
                    kafka.remove("authorization");
                    at(docs, "Kafka/distill", "/spec/entityOperator").remove("userOperator");
                    at(docs, "KafkaUser/teacher-service", "/spec/authentication").put("type", "tls");
                }, "Kafka distill: listener plain: not TLS | listener plain: authenticates with none"
                        + " | authorization is none | no User Operator",
                        "KafkaUser teacher-service: authenticates with tls",
                        "Deployment teacher-service container teacher-service: KAFKA_SASL_JAAS_CONFIG refers to"),
                broken("a service logged in as another, in plaintext, on a plaintext port, without the CA", docs -> {
                    env(docs, "specialist-service", "KAFKA_SASL_JAAS_CONFIG").withObject("/valueFrom/secretKeyRef")
                            .put("name", "teacher-service");
                    add(docs, "student-service", "KAFKA_SECURITY_PROTOCOL", "PLAINTEXT");
                    add(docs, "student-service", "KAFKA_BOOTSTRAP_SERVERS", "distill-kafka-bootstrap:9092");
                    main(docs, "soft-target-service", "").withArray("volumeMounts").remove(4);
                }, "Deployment specialist-service: KAFKA_SASL_JAAS_CONFIG is secret teacher-service",
                        "Deployment student-service: KAFKA_SECURITY_PROTOCOL is the value PLAINTEXT"
                        + " | KAFKA_BOOTSTRAP_SERVERS distill-kafka-bootstrap:9092 is not one of",
                        "Deployment soft-target-service: KAFKA_SSL_TRUSTSTORE_LOCATION /etc/distill/kafka-ca/ca.crt"),
                broken("KafkaUsers that do not carry acls.tsv's grants, or more", docs -> {
                    ArrayNode acls = at(docs, "KafkaUser/student-service", "/spec/authorization").withArray("acls");
                    acls.remove(0);
                    ((ObjectNode) acls.get(0)).put("type", "deny");
                    at(docs, "KafkaUser/teacher-service", "/spec/authorization/acls/0").withArray("operations")
                            .add("Delete");
                }, "deploy/kafka/acls.tsv: student-service Read on topic transfer-sets, not in the KafkaUsers"
                        + " | student-service Read on group student-service, not in",
                        "the KafkaUsers: teacher-service Delete on topic teacher-models, not in deploy/kafka/acls.tsv",
                        "KafkaUser student-service: the ACL on group student-service is not an allow rule"),
                broken("no namespace, an unmounted data volume, a pod that may run as root", docs -> {
                    docs.removeIf(r -> "Namespace".equals(r.path("kind").asText()));
                    main(docs, "student-service", "").withArray("volumeMounts").remove(0);
                    at(docs, "Deployment/student-service", "/spec/template/spec/securityContext")
                            .put("runAsNonRoot", false).put("runAsUser", 0);
                }, "Namespaces: [], expected distill enforcing restricted",
                        "Deployment student-service: DISTILL_DATA_DIR is not mounted | runs as root",
                        "Deployment student-service container student-service: runAsNonRoot is not true",
                        "Deployment student-service container copy-data: runAsNonRoot is not true"),
                broken("super users, everyone allowed, objects of no cluster, a topic kept for ever", docs -> {
                    at(docs, "Kafka/distill", "/spec/kafka/authorization").putArray("superUsers").add("User:admin");
                    at(docs, "Kafka/distill", "/spec/kafka/config").put("allow.everyone.if.no.acl.found", true);
                    at(docs, "KafkaUser/distill-observer", "/metadata/labels").remove("strimzi.io/cluster");
                    K8s.ofKind(docs, "KafkaNodePool").forEach(pool -> pool.withObject("/metadata/labels")
                            .remove("strimzi.io/cluster"));
                    at(docs, "KafkaTopic/distill-progress", "/metadata/labels").remove("strimzi.io/cluster");
                    at(docs, "KafkaTopic/distill-progress", "/spec/config").remove("retention.ms");
                }, "Kafka distill: super users | allow.everyone.if.no.acl.found",
                        "KafkaUser distill-observer: not labelled", "KafkaNodePool dual-role: not labelled",
                        "KafkaTopic distill-progress: not labelled | retention not stated"),
                broken("an owner's Secret of another type, a bucket Job's own key, no Service for MinIO", docs -> {
                    at(docs, "Secret/distill-db-app", "").put("type", "Opaque");
                    at(docs, "Service/minio", "/spec/selector").put("app.kubernetes.io/name", "s3");
                    K8s.find(docs, "Job", "minio-bucket").at("/spec/template/spec/containers/0/env").forEach(e -> {
                        if (e.path("name").asText().equals("AWS_ACCESS_KEY_ID")) {
                            ((ObjectNode) e).put("value", "distill").remove("valueFrom");
                        }
                    });
                }, "Job minio-bucket: AWS_ACCESS_KEY_ID is the value distill",
                        "Job minio-bucket container mc: credential AWS_ACCESS_KEY_ID",
                        "Cluster distill-db: the owner's secret", "Deployment minio: no Service selects its pods"),
                broken("GPUs and a CUDA image on the base, an object outside the namespace", docs -> {
                    add(docs, "teacher-service", "DISTILL_DEVICE", "gpu");
                    main(docs, "student-service", "/resources/limits").put("nvidia.com/gpu", 1);
                    main(docs, "soft-target-service", "").put("image", "distill/soft-target-service:0.1.0-cuda");
                    at(docs, "Service/minio", "/metadata").remove("namespace");
                }, "Deployment teacher-service: DISTILL_DEVICE is gpu, expected auto or cpu",
                        "Deployment student-service: asks for a GPU where none is expected"
                        + " | asks for a GPU, but not for GPU nodes",
                        "Deployment soft-target-service: image distill/soft-target-service:0.1.0-cuda is a CUDA build",
                        "Service minio: not in the namespace distill"),
                broken("overlays/gpu", "a training service without its GPU or CUDA image, one on any node", docs -> {
                    main(docs, "teacher-service", "/resources/limits").remove("nvidia.com/gpu");
                    main(docs, "teacher-service", "").put("image", "distill/teacher-service:0.1.0").withArray("env")
                            .remove(0);
                    at(docs, "Deployment/student-service", "/spec/template/spec").remove(List.of("nodeSelector",
                            "tolerations"));
                }, "Deployment teacher-service: asks for no GPU | DISTILL_DEVICE is cpu, expected gpu"
                        + " | image distill/teacher-service:0.1.0 is not a CUDA build",
                        "Deployment student-service: asks for a GPU, but not for GPU nodes"));
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
                .filter(d -> K8s.name(d).equals(id[1]) || d.at("/spec/topicName").asText().equals(id[1])).findFirst()
                .orElseThrow().at(pointer);
    }

    /** The node at a JSON pointer in a Deployment's container named after it. */
    private static ObjectNode main(List<ObjectNode> docs, String deployment, String pointer) {
        return (ObjectNode) K8s.main(docs, deployment).at(pointer);
    }

    /** A Deployment's container's env entry. */
    private static ObjectNode env(List<ObjectNode> docs, String deployment, String name) {
        for (JsonNode e : K8s.main(docs, deployment).path("env")) {
            if (name.equals(e.path("name").asText())) {
                return (ObjectNode) e;
            }
        }
        throw new AssertionError(deployment + " has no env " + name);
    }

    /** A new env entry of a Deployment's container, which wins over any before it; {@code value}: null for none. */
    private static ObjectNode add(List<ObjectNode> docs, String deployment, String name, String value) {
        ObjectNode e = main(docs, deployment, "").withArray("env").addObject().put("name", name);
        return value == null ? e : e.put("value", value);
    }
}
