package io.distill.deploycheck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
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

/** Runs every compose check on each setup of the compose files, as written and as docker-compose renders it, and on broken copies. */
class ComposeTest {

    private static final List<List<String>> SETUPS = List.of(List.of("docker-compose.yml"), List.of("docker-compose.yml",
            "docker-compose.gpu.yml"),
            List.of("docker-compose.yml", "docker-compose.scram.yml"),
            List.of("docker-compose.yml", "docker-compose.gpu.yml", "docker-compose.scram.yml"));

    @Test
    void everySetupPassesEveryCheckAsWritten() {
        SETUPS.forEach(files -> assertThat(check(Render.compose(files.toArray(String[]::new)), files, true)).as(files.toString())
                .isEmpty());
        Problems plain = new Problems();
        ComposeKafka.check(plain, Render.compose("docker-compose.yml"), true);
        assertThat(plain).contains("kafka: listener INTERNAL is PLAINTEXT", "kafka-access: does not read acls.tsv");
    }

    @Test
    void dockerComposeAcceptsEverySetupAndWhatItPrintsPassesEveryCheck() throws Exception {
        assumeTrue(Render.onPath("docker-compose"), "docker-compose is not on the PATH (.ci/run installs Debian's package)");
        Map<String, String> passwords = new HashMap<>(Map.of("POSTGRES_PASSWORD", "checked-database"));
        Render.Result noStore = Render.composeConfig(passwords, "docker-compose.yml");
        assertThat(noStore.exitCode()).isNotZero();
        assertThat(noStore.stderr()).contains("set MINIO_ROOT_PASSWORD");
        passwords.put("MINIO_ROOT_PASSWORD", "checked-store");
        assertThat(Render.composeConfig(passwords, "docker-compose.yml", "docker-compose.scram.yml").exitCode()).as("no Kafka password")
                .isNotZero();
        Contract.SERVICES.forEach(s -> passwords.put(s.name().toUpperCase(Locale.ROOT).replace('-', '_') + "_KAFKA_PASSWORD", "checked"));
        for (List<String> files : SETUPS) {
            Render.Result r = Render.composeConfig(passwords, files.toArray(String[]::new));
            assertThat(r.exitCode()).as(r.stderr()).isZero();
            assertThat(check(Render.YAML.readTree(r.stdout()), files, false)).as(files.toString()).isEmpty();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("breaks")
    void eachCheckCatchesFilesThatBreakIt(String what, List<String> files, Consumer<JsonNode> edit, List<String> problems) {
        JsonNode compose = Render.compose(files.toArray(String[]::new));
        edit.accept(compose);
        KubernetesTest.exactly(check(compose, files, true), problems);
    }

    static Stream<Arguments> breaks() {
        return Stream.of(
                broken(0, "a variable, the health check and a dependency left out", c -> {
                    env(c, "student-service").remove("DISTILL_PUBLIC_URL");
                    service(c, "student-service").remove("healthcheck");
                    ((ObjectNode) service(c, "student-service").path("depends_on")).remove("data");
                }, "student-service: env DISTILL_PUBLIC_URL is not set", "student-service: no health check of /q/health/ready",
                        "student-service: does not wait for data (service_completed_successfully)"),
                broken(0, "health checks too quick for readiness to answer", c -> {
                    ((ObjectNode) service(c, "teacher-service").path("healthcheck")).put("timeout", "2s");
                    ((ObjectNode) service(c, "student-service").path("healthcheck")).put("interval", "1m30s").put("timeout", "2m");
                }, "teacher-service: health check timeout 2 s",
                        "student-service: health check period 90 s"),
                broken(0, "a topic left out, soft-targets kept a day, a broker without KRaft's controller, a one-shot that restarts", c -> {
                    String script = service(c, "kafka-topics").path("command").get(0).asText();
                    service(c, "kafka-topics").putArray("command").add(script.replaceAll("(?m)^.*--topic student-models\\.dlq .*$", "")
                            .replace("RETENTION_MS:-604800000", "RETENTION_MS:-86400000"));
                    env(c, "kafka").put("KAFKA_PROCESS_ROLES", "broker");
                    service(c, "data").put("restart", "always");
                }, "kafka-topics: does not create topic student-models.dlq", "kafka-topics: soft-targets kept under 7 days",
                        "kafka: KAFKA_PROCESS_ROLES is 'broker', expected broker,controller",
                        "data: a one-shot must not restart"),
                broken(0, "PostgreSQL and MinIO without health checks or volumes, a bucket one-shot that makes no bucket", c -> {
                    List.of("postgres", "minio").forEach(name -> service(c, name).remove(List.of("healthcheck", "volumes")));
                    String script = service(c, "minio-bucket").path("command").get(0).asText();
                    service(c, "minio-bucket").putArray("command").add(script.replaceAll("(?m)^mc mb .*$", ""));
                }, "postgres: no pg_isready health check", "postgres: /var/lib/postgresql/data is not a writable named volume",
                        "minio: no health check", "minio: /data is not a writable named volume", "minio-bucket: does not run mc mb",
                        "minio-bucket: does not make the bucket DISTILL_OBJECT_STORE_BUCKET"),
                broken(0, "a service that starts before the database and the bucket, keeps a store volume, uses another database", c -> {
                    ((ObjectNode) service(c, "student-service").path("depends_on")).remove(List.of("postgres", "minio-bucket"));
                    ((ArrayNode) service(c, "teacher-service").path("volumes")).add("teacher-store:/var/lib/distill/store");
                    env(c, "teacher-service").put("QUARKUS_DATASOURCE_JDBC_URL", "jdbc:postgresql://postgres:5432/teacher");
                }, "student-service: does not wait for postgres (service_healthy)",
                        "student-service: does not wait for minio-bucket (service_completed_successfully)",
                        "teacher-service: DISTILL_STORE_DIR is a volume; it is a cache",
                        "teacher-service: QUARKUS_DATASOURCE_JDBC_URL is the value jdbc:postgresql://postgres:5432/teacher"),
                broken(0, "a credential inline, a password with a default", c -> {
                    env(c, "specialist-service").put("AWS_SECRET_ACCESS_KEY", "hunter22");
                    env(c, "minio-bucket").put("MC_USER", "distill").put("MC_PASSWORD", "${MC_PASSWORD:-distill}");
                }, "specialist-service: AWS_SECRET_ACCESS_KEY is the value hunter22, expected",
                        "specialist-service: credential AWS_SECRET_ACCESS_KEY is written inline",
                        "minio-bucket: credential MC_USER is written inline",
                        "minio-bucket: secret MC_PASSWORD has a default; use ${VARIABLE:?message}"),
                broken(0, "a service that cannot be scaled, a gateway that sends a port to the wrong service", c -> {
                    service(c, "student-service").put("container_name", "student").putArray("ports").add("8083:8083");
                    env(c, "student-service").put("HOSTNAME", "student");
                    String script = service(c, "gateway").path("command").get(0).asText();
                    service(c, "gateway").putArray("command").add(script.replace("soft-target-service:8082;", "student-service:8083;"));
                }, "student-service: publishes host port(s) [8083:8083]; the gateway does",
                        "student-service: sets container_name, so it cannot scale",
                        "student-service: sets HOSTNAME; Docker makes it the container's id",
                        "gateway: port 8082 does not pass to soft-target-service:8082"),
                broken(0, "a broker with no health check, a data one-shot that fills nothing, servers and a gateway that do not serve", c ->
                {
                    service(c, "kafka").remove("healthcheck");
                    service(c, "data").put("command", "true").remove("volumes");
                    service(c, "minio").putArray("command").add("minio");
                    service(c, "minio-bucket").remove("depends_on");
                    service(c, "gateway").remove(List.of("entrypoint", "command", "ports"));
                    ((ObjectNode) service(c, "teacher-service").at("/deploy/resources/limits")).remove("memory");
                }, "kafka: no health check", "data: does not run fetch-all.sh", "data: does not fill", "data: does not mount deploy/data",
                        "minio: does not run 'server <dir>'", "minio: ? is not a writable named volume",
                        "minio-bucket: does not wait for minio",
                        "gateway: does not ask Docker's DNS", "gateway: port 8081 is not published", "gateway: port 8082 is not published",
                        "gateway: port 8083 is not published", "gateway: port 8084 is not published", "gateway: port 8081 does not pass",
                        "gateway: port 8082 does not pass", "gateway: port 8083 does not pass", "gateway: port 8084 does not pass",
                        "teacher-service: no cpus and memory limits"),
                broken(1, "a GPU for the service that only runs inference", c -> {
                    env(c, "soft-target-service").put("DISTILL_DEVICE", "gpu");
                    service(c, "soft-target-service").set("deploy", service(c, "student-service").path("deploy").deepCopy());
                }, "soft-target-service: reserves a GPU where none is expected", "soft-target-service: DISTILL_DEVICE is gpu"),
                broken(1, "a training service without its GPU reservation or CUDA build", c -> {
                    ((ObjectNode) service(c, "specialist-service").at("/deploy/resources")).remove("reservations");
                    service(c, "teacher-service").put("image", "distill/teacher-service:0.1.0");
                    ((ObjectNode) service(c, "teacher-service").path("build")).put("dockerfile", "src/main/docker/Dockerfile.jvm");
                }, "specialist-service: reserves no NVIDIA GPU", "teacher-service: image distill/teacher-service:0.1.0 is not a CUDA build",
                        "teacher-service: builds from " + Render.REPO.resolve("teacher-service/src/main/docker/Dockerfile.jvm")
                                + ", expected teacher-service/src/main/docker/Dockerfile.jvm-cuda"),
                broken(2, "a plaintext listener, a controller without client certificates, an extra super user", c -> {
                    env(c, "kafka").put("KAFKA_LISTENER_SECURITY_PROTOCOL_MAP", "INTERNAL:SASL_SSL,CONTROLLER:SSL,EXTERNAL:PLAINTEXT")
                            .put("KAFKA_SUPER_USERS", "User:admin;User:teacher-service").put("KAFKA_ALLOW_EVERYONE_IF_NO_ACL_FOUND", "true")
                            .remove("KAFKA_LISTENER_NAME_CONTROLLER_SSL_CLIENT_AUTH");
                }, "kafka: listener EXTERNAL is PLAINTEXT",
                        "kafka: listener CONTROLLER is SSL with client authentication '', expected SSL, required",
                        "kafka: super user User:teacher-service passes every ACL",
                        "kafka: KAFKA_ALLOW_EVERYONE_IF_NO_ACL_FOUND lets anyone in"),
                broken(2, "other mechanisms, a topic creator and a trust store of no one, a user maker that does not read acls.tsv", c -> {
                    env(c, "kafka").put("KAFKA_SASL_ENABLED_MECHANISMS", "PLAIN");
                    env(c, "kafka-topics").put("KAFKA_TOOL_OPTIONS", "--bootstrap-server kafka:9092");
                    service(c, "kafka-access").remove(List.of("volumes", "depends_on"));
                    env(c, "teacher-service").put("KAFKA_SSL_TRUSTSTORE_LOCATION", "/etc/ssl/ca.pem").put("KAFKA_SASL_MECHANISM", "PLAIN");
                }, "kafka: KAFKA_SASL_ENABLED_MECHANISMS is the value PLAIN", "kafka-topics: does not log in as admin",
                        "kafka-access: does not read acls.tsv", "kafka-access: does not wait for kafka",
                        "teacher-service: KAFKA_SSL_TRUSTSTORE_LOCATION /etc/ssl/ca.pem",
                        "teacher-service: KAFKA_SASL_MECHANISM is the value PLAIN"),
                broken(2, "a service logged in as another, a password inline, no users yet, a plaintext port", c -> {
                    String jaas = "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"%s\" password=\"%s\";";
                    env(c, "teacher-service").put("KAFKA_SASL_JAAS_CONFIG", jaas.formatted("specialist-service", "${X:?}"));
                    env(c, "student-service").put("KAFKA_SASL_JAAS_CONFIG", jaas.formatted("student-service", "hunter22"));
                    ((ObjectNode) service(c, "specialist-service").path("depends_on")).remove("kafka-access");
                    env(c, "soft-target-service").put("KAFKA_BOOTSTRAP_SERVERS", "kafka:9093");
                    ((ArrayNode) service(c, "kafka-access").path("secrets")).remove(6);
                }, "teacher-service: KAFKA_SASL_JAAS_CONFIG does not log in as teacher-service",
                        "student-service: the Kafka password is written inline",
                        "specialist-service: does not wait for kafka-access (service_completed_successfully)",
                        "soft-target-service: KAFKA_BOOTSTRAP_SERVERS kafka:9093 is not a SASL_SSL listener",
                        "kafka-access: no secret kafka-password-distill-observer with distill-observer.password"));
    }

    private static List<String> check(JsonNode compose, List<String> files, boolean written) {
        return ComposeChecks.all(compose, files.contains("docker-compose.gpu.yml"), files.contains("docker-compose.scram.yml"), written);
    }

    /** A break of the files of {@code SETUPS[setup]}. */
    private static Arguments broken(int setup, String what, Consumer<JsonNode> edit, String... problems) {
        return Arguments.of(String.join(" + ", SETUPS.get(setup)) + ": " + what, SETUPS.get(setup), edit, List.of(problems));
    }

    private static ObjectNode service(JsonNode compose, String name) {
        return (ObjectNode) compose.path("services").path(name);
    }

    private static ObjectNode env(JsonNode compose, String service) {
        return (ObjectNode) service(compose, service).path("environment");
    }
}
