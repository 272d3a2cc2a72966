package io.distill.deploycheck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * deploy/docker-compose.yml alone and with its GPU and SCRAM overrides, merged as docker-compose merges them and as
 * {@code docker-compose config} prints them, against every compose check; and each check shown to catch files
 * broken on purpose, with exactly the problems named. No Docker engine is needed.
 */
class ComposeTest {

    private static final String BASE = "docker-compose.yml";
    private static final String GPU = "docker-compose.gpu.yml";
    private static final String SCRAM = "docker-compose.scram.yml";
    private static final List<List<String>> SETUPS = List.of(List.of(BASE), List.of(BASE, GPU), List.of(BASE, SCRAM), List.of(BASE, GPU, SCRAM));

    @Test
    void everySetupPassesEveryCheckAsWritten() {
        for (List<String> files : SETUPS) {
            assertThat(check(Render.compose(files.toArray(String[]::new)), files, true)).as(files.toString()).isEmpty();
        }
    }

    @Test
    void dockerComposeAcceptsEverySetupAndWhatItPrintsPassesEveryCheck() throws Exception {
        assumeTrue(Tools.onPath("docker-compose"), "docker-compose is not on the PATH (.ci/run installs Debian's package)");
        Map<String, String> passwords = new HashMap<>(Map.of("POSTGRES_PASSWORD", "checked-database", "MINIO_ROOT_PASSWORD", "checked-store"));
        Tools.Result unset = Render.composeConfig(passwords, BASE, SCRAM);
        assertThat(unset.exitCode()).as("a Kafka password left unset stops docker-compose").isNotZero();
        Contract.SERVICES.forEach(s -> passwords.put(s.name().toUpperCase(Locale.ROOT).replace('-', '_') + "_KAFKA_PASSWORD", "checked-" + s.name()));
        for (List<String> files : SETUPS) {
            Tools.Result r = Render.composeConfig(passwords, files.toArray(String[]::new));
            assertThat(r.exitCode()).as(r.stderr()).isZero();
            assertThat(check(Render.YAML.readTree(r.stdout()), files, false)).as(files.toString()).isEmpty();
        }
        Tools.Result noStore = Render.composeConfig(Map.of("POSTGRES_PASSWORD", "checked-database"), BASE);
        assertThat(noStore.exitCode()).isNotZero();
        assertThat(noStore.stderr()).contains("set MINIO_ROOT_PASSWORD");
    }

    @Test
    void thePlainBrokerIsNotTheSecureOneAndTheChecksSaySo() {
        Problems p = new Problems();
        ComposeKafka.check(p, Render.compose(BASE), true);
        assertThat(p).contains("kafka: listener INTERNAL is PLAINTEXT, expected SASL_SSL",
                "no kafka-access service (the SCRAM users and ACLs of deploy/kafka/acls.tsv)");
        assertThat(ComposeChecks.seconds("1m30s")).isEqualTo(90);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("breaks")
    void eachCheckCatchesFilesThatBreakIt(String what, List<String> files, Consumer<JsonNode> edit, List<String> problems) {
        JsonNode compose = Render.compose(files.toArray(String[]::new));
        edit.accept(compose);
        assertThat(check(compose, files, true)).containsExactlyInAnyOrderElementsOf(problems);
    }

    static Stream<Arguments> breaks() {
        return Stream.of(
                broken("a variable, the health check and a dependency left out", c -> {
                    env(c, "student-service").remove("DISTILL_PUBLIC_URL");
                    service(c, "student-service").remove("healthcheck");
                    service(c, "student-service").with("depends_on").remove("data");
                }, "student-service: env DISTILL_PUBLIC_URL is not set", "student-service: no health check of /q/health/ready on port 8083",
                        "student-service: does not depend on data with condition service_completed_successfully"),
                broken("health checks too quick for readiness to answer", c -> {
                    service(c, "teacher-service").with("healthcheck").put("timeout", "2s");
                    service(c, "student-service").with("healthcheck").put("interval", "1m30s").put("timeout", "2m");
                }, "teacher-service: health check timeout 2 s is under 3 s (readiness may take up to 2 s to say Kafka is down)",
                        "student-service: health check period 90 s is under its timeout 120 s"),
                broken("a topic left out of the topic creator, soft-targets kept a day", c -> {
                    String script = service(c, "kafka-topics").path("command").get(0).asText();
                    service(c, "kafka-topics").putArray("command").add(script.replaceAll("(?m)^.*--topic student-models\\.dlq .*$", "")
                            .replace("SOFT_TARGETS_RETENTION_MS:-604800000", "SOFT_TARGETS_RETENTION_MS:-86400000"));
                }, "kafka-topics: does not create topic student-models.dlq", "kafka-topics: soft-targets has no retention.ms of at least 7 days"),
                broken("another broker image, a broker without KRaft's controller, a data one-shot that restarts", c -> {
                    service(c, "kafka").put("image", "bitnami/kafka:3").with("environment").put("KAFKA_PROCESS_ROLES", "broker");
                    service(c, "data").put("restart", "always");
                }, "kafka: image bitnami/kafka:3 is not apache/kafka", "kafka: KAFKA_PROCESS_ROLES is 'broker', expected broker,controller (KRaft)",
                        "data: a one-shot must not restart"),
                broken("PostgreSQL and MinIO without health checks or volumes", c -> {
                    List.of("postgres", "minio").forEach(name -> service(c, name).remove(List.of("healthcheck", "volumes")));
                }, "postgres: no pg_isready health check", "postgres: /var/lib/postgresql/data is not a writable named volume",
                        "minio: no health check", "minio: /data is not a writable named volume"),
                broken("a bucket one-shot that makes no bucket", c -> {
                    String script = service(c, "minio-bucket").path("command").get(0).asText();
                    service(c, "minio-bucket").putArray("command").add(script.replaceAll("(?m)^mc mb .*$", ""));
                }, "minio-bucket: does not make the bucket DISTILL_OBJECT_STORE_BUCKET (mc mb)",
                        "minio-bucket: does not create the bucket DISTILL_OBJECT_STORE_BUCKET"),
                broken("a service that starts before the database and the bucket, keeps a store volume, uses another database", c -> {
                    service(c, "student-service").with("depends_on").remove(List.of("postgres", "minio-bucket"));
                    ((ArrayNode) service(c, "teacher-service").path("volumes")).add("teacher-store:/var/lib/distill/store");
                    env(c, "teacher-service").put("QUARKUS_DATASOURCE_JDBC_URL", "jdbc:postgresql://postgres:5432/teacher");
                }, "student-service: does not depend on postgres with condition service_healthy",
                        "student-service: does not depend on minio-bucket with condition service_completed_successfully",
                        "teacher-service: DISTILL_STORE_DIR is a volume; it is a cache only, the state is in PostgreSQL and MinIO",
                        "teacher-service: QUARKUS_DATASOURCE_JDBC_URL is the value jdbc:postgresql://postgres:5432/teacher,"
                                + " expected the value jdbc:postgresql://postgres:5432/${POSTGRES_DB:-distill}"),
                broken("a credential inline, a password with a default", c -> {
                    env(c, "specialist-service").put("AWS_SECRET_ACCESS_KEY", "hunter22");
                    env(c, "postgres").put("POSTGRES_PASSWORD", "${POSTGRES_PASSWORD:-distill}");
                }, "specialist-service: AWS_SECRET_ACCESS_KEY is the value hunter22, expected the value ${MINIO_ROOT_PASSWORD:?set MINIO_ROOT_PASSWORD}",
                        "specialist-service: credential AWS_SECRET_ACCESS_KEY is written inline; use ${VARIABLE:?message}",
                        "postgres: secret POSTGRES_PASSWORD has a default in the file; use ${VARIABLE:?message}",
                        password("teacher-service"), password("soft-target-service"), password("student-service"), password("specialist-service")),
                broken("a service that cannot be scaled, a gateway that sends a port to the wrong service", c -> {
                    service(c, "student-service").put("container_name", "student").putArray("ports").add("8083:8083");
                    env(c, "student-service").put("HOSTNAME", "student");
                    String script = service(c, "gateway").path("command").get(0).asText();
                    service(c, "gateway").putArray("command").add(script.replace("soft-target-service:8082;", "student-service:8083;"));
                }, "student-service: publishes host port(s) [8083:8083], so it cannot be scaled; the gateway publishes them",
                        "student-service: sets container_name, which every replica would share",
                        "student-service: sets HOSTNAME, which every replica would share; Docker sets it to the container's id",
                        "gateway: port 8082 does not pass to soft-target-service:8082"),
                broken(List.of(BASE, GPU), "a training service without its GPU reservation or CUDA build", c -> {
                    service(c, "specialist-service").with("deploy").with("resources").remove("reservations");
                    service(c, "teacher-service").put("image", "distill/teacher-service:0.1.0").with("build").put("dockerfile", "src/main/docker/Dockerfile.jvm");
                }, "specialist-service: reserves no NVIDIA GPU (deploy.resources.reservations.devices)",
                        "teacher-service: image distill/teacher-service:0.1.0 is not a CUDA build (tag ending -cuda)",
                        "teacher-service: builds from " + Render.REPO.resolve("teacher-service/src/main/docker/Dockerfile.jvm")
                                + ", expected an existing teacher-service/src/main/docker/Dockerfile.jvm-cuda"),
                broken(List.of(BASE, SCRAM), "a plaintext listener, a controller without client certificates, an extra super user", c -> {
                    env(c, "kafka").put("KAFKA_LISTENER_SECURITY_PROTOCOL_MAP", "INTERNAL:SASL_SSL,CONTROLLER:SSL,EXTERNAL:PLAINTEXT")
                            .put("KAFKA_SUPER_USERS", "User:admin;User:teacher-service").put("KAFKA_ALLOW_EVERYONE_IF_NO_ACL_FOUND", "true")
                            .remove("KAFKA_LISTENER_NAME_CONTROLLER_SSL_CLIENT_AUTH");
                }, "kafka: listener EXTERNAL is PLAINTEXT, expected SASL_SSL",
                        "kafka: controller listener CONTROLLER is SSL with client authentication '', expected SSL with required client certificates",
                        "kafka: super user User:teacher-service passes every ACL; only admin and the broker's certificate may",
                        "kafka: KAFKA_ALLOW_EVERYONE_IF_NO_ACL_FOUND lets anyone use a resource without ACLs"),
                broken(List.of(BASE, SCRAM), "a service logged in as another, a password inline, no users yet, a plaintext port", c -> {
                    String jaas = "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"%s\" password=\"%s\";";
                    env(c, "teacher-service").put("KAFKA_SASL_JAAS_CONFIG", jaas.formatted("specialist-service", "${X:?}"));
                    env(c, "student-service").put("KAFKA_SASL_JAAS_CONFIG", jaas.formatted("student-service", "hunter22"));
                    service(c, "specialist-service").with("depends_on").remove(ComposeKafka.ACCESS);
                    env(c, "soft-target-service").put("KAFKA_BOOTSTRAP_SERVERS", "kafka:9093");
                    ArrayNode secrets = (ArrayNode) service(c, ComposeKafka.ACCESS).path("secrets");
                    secrets.remove(secrets.size() - 1);
                }, "teacher-service: KAFKA_SASL_JAAS_CONFIG does not log in with SCRAM as teacher-service",
                        "student-service: the password in KAFKA_SASL_JAAS_CONFIG is written inline; use ${VARIABLE:?...}",
                        "specialist-service: does not depend on kafka-access with condition service_completed_successfully",
                        "soft-target-service: KAFKA_BOOTSTRAP_SERVERS kafka:9093 is not a SASL_SSL listener of kafka {kafka:9092=SASL_SSL, localhost:19092=SASL_SSL}",
                        "kafka-access: no secret kafka-password-distill-observer with distill-observer.password for principal distill-observer"));
    }

    private static List<String> check(JsonNode compose, List<String> files, boolean written) {
        return ComposeChecks.all(compose, files.contains(GPU), files.contains(SCRAM), written);
    }

    private static Arguments broken(String what, Consumer<JsonNode> edit, String... problems) {
        return broken(List.of(BASE), what, edit, problems);
    }

    private static Arguments broken(List<String> files, String what, Consumer<JsonNode> edit, String... problems) {
        return Arguments.of(String.join(" + ", files) + ": " + what, files, edit, Arrays.asList(problems));
    }

    private static ObjectNode service(JsonNode compose, String name) {
        return (ObjectNode) compose.path("services").path(name);
    }

    private static ObjectNode env(JsonNode compose, String service) {
        return (ObjectNode) service(compose, service).path("environment");
    }

    private static String password(String service) {
        return service + ": QUARKUS_DATASOURCE_PASSWORD is the value ${POSTGRES_PASSWORD:?set POSTGRES_PASSWORD}, expected the value"
                + " ${POSTGRES_PASSWORD:-distill}";
    }
}
