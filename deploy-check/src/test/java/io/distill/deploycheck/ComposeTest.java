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

/** Runs every compose check on each setup of the compose files, as written and as docker-compose renders it. */
class ComposeTest {

    private static final String PLAIN = "docker-compose.yml";
    private static final String GPU = "docker-compose.gpu.yml";
    private static final String SCRAM = "docker-compose.scram.yml";
    private static final List<List<String>> SETUPS = List.of(List.of(PLAIN), List.of(PLAIN, GPU), List.of(PLAIN, SCRAM),
            List.of(PLAIN, GPU, SCRAM));

    @Test
    void dockerComposeAcceptsEverySetupAndWhatItPrintsPassesEveryCheck() throws Exception {
        assumeTrue(Render.onPath("docker-compose"), "docker-compose is not on the PATH (.ci/run installs it)");
        Map<String, String> passwords = new HashMap<>(Map.of("POSTGRES_PASSWORD", "checked-database",
                "MINIO_ROOT_PASSWORD", "checked-store"));
        Contract.SERVICES.forEach(s -> passwords.put(s.name().toUpperCase(Locale.ROOT).replace('-', '_')
                + "_KAFKA_PASSWORD", "checked"));
        passwords.put("CONSOLE_SERVICE_KAFKA_PASSWORD", "checked");
        for (List<String> files : SETUPS) {
            Render.Result r = Render.composeConfig(passwords, files.toArray(String[]::new));
            assertThat(r.exitCode()).as(r.stderr()).isZero();
            assertThat(check(Render.YAML.readTree(r.stdout()), files, false)).as(files.toString()).isEmpty();
        }
    }

    /** Each setup passes as written; each break causes exactly the problems listed, named by how they start. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("breaks")
    void everyCheckPassesTheFilesAndCatchesABreak(String what, List<String> files, Consumer<JsonNode> edit,
            List<String> problems) {
        JsonNode compose = Render.compose(files.toArray(String[]::new));
        edit.accept(compose);
        KubernetesTest.exactly(check(compose, files, true), problems);
    }

    static Stream<Arguments> breaks() {
        return Stream.of(broken(0, "as written", c -> {}), broken(1, "as written", c -> {}),
                broken(2, "as written", c -> {}), broken(3, "as written", c -> {}),
                broken(0, "a variable, the health check and a dependency left out, health checks too quick", c -> {
                    at(c, "student-service", "/environment").remove("DISTILL_PUBLIC_URL");
                    at(c, "student-service", "").remove("healthcheck");
                    at(c, "student-service", "/depends_on").remove("data");
                    at(c, "teacher-service", "/healthcheck").put("timeout", "2s");
                    at(c, "specialist-service", "/healthcheck").put("interval", "1m30s").put("timeout", "2m");
                }, "student-service: DISTILL_PUBLIC_URL is unset, expected the value http://student-service:8083"
                        + " | no readiness probe of :8083/q/health/ready"
                        + " | does not wait for data (service_completed_successfully)",
                        "teacher-service: readiness probe timeout 2 s",
                        "specialist-service: readiness probe period 90 s"),
                broken(0, "a topic left out, another not compacted, soft-targets kept a day, no controller, a one-shot"
                        + " that restarts", c -> {
                    String script = at(c, "kafka-topics", "").path("command").get(0).asText();
                    at(c, "kafka-topics", "").putArray("command").add(script.replace("RETENTION_MS:-604800000",
                            "RETENTION_MS:-86400000").replaceAll("(?m)^.*--topic student-models\\.dlq .*$", "")
                            .replace("--topic datasets --partitions 1 --config cleanup.policy=compact",
                                    "--topic datasets --partitions 1 --config cleanup.policy=compact,delete"));
                    at(c, "kafka", "/environment").put("KAFKA_PROCESS_ROLES", "broker");
                    at(c, "data", "").put("restart", "always");
                }, "kafka-topics: does not create topic student-models.dlq | does not compact topic datasets"
                        + " | soft-targets kept under 7 days",
                        "kafka: KAFKA_PROCESS_ROLES is 'broker', expected broker,controller",
                        "data: a one-shot must not restart"),
                broken(0, "PostgreSQL and MinIO without health checks or volumes, no bucket made", c -> {
                    List.of("postgres", "minio").forEach(name -> at(c, name, "").remove(List.of("healthcheck",
                            "volumes")));
                    String script = at(c, "minio-bucket", "").path("command").get(0).asText();
                    at(c, "minio-bucket", "").putArray("command").add(script.replaceAll("(?m)^mc mb .*$", ""));
                }, "postgres: no health check | /var/lib/postgresql/data is not a writable named volume",
                        "minio: no health check | /data is not a writable named volume",
                        "minio-bucket: does not make the bucket DISTILL_OBJECT_STORE_BUCKET (mc mb)"),
                broken(0, "a service too early, a store volume, another database or store, open credentials", c -> {
                    at(c, "student-service", "/depends_on").remove(List.of("postgres", "minio-bucket"));
                    at(c, "teacher-service", "").withArray("volumes").add("teacher-store:/var/lib/distill/store");
                    at(c, "teacher-service", "/environment").put("QUARKUS_DATASOURCE_JDBC_URL",
                            "jdbc:postgresql://postgres:5432/teacher");
                    at(c, "specialist-service", "/environment").put("AWS_SECRET_ACCESS_KEY", "hunter22");
                    at(c, "minio-bucket", "/environment").put("MC_USER", "distill")
                            .put("MC_PASSWORD", "${MC_PASSWORD:-distill}").put("AWS_ACCESS_KEY_ID", "${MC_USER}");
                }, "student-service: does not wait for postgres (service_healthy)"
                        + " | does not wait for minio-bucket (service_completed_successfully)",
                        "teacher-service: /var/lib/distill/store is mounted from a volume, not a cache"
                        + " | QUARKUS_DATASOURCE_JDBC_URL is the value jdbc:postgresql://postgres:5432/teacher",
                        "specialist-service: AWS_SECRET_ACCESS_KEY is the value hunter22, expected"
                        + " | credential AWS_SECRET_ACCESS_KEY is written inline",
                        "minio-bucket: credential MC_USER is written inline | secret MC_PASSWORD has a default"
                        + " | AWS_ACCESS_KEY_ID is the value ${MC_USER}, expected the value ${MINIO_ROOT_USER"),
                broken(0, "a service that calls another with no key to sign its tokens, or the key not mounted", c -> {
                    at(c, "teacher-service", "/environment").remove("SMALLRYE_JWT_SIGN_KEY_LOCATION");
                    ArrayNode secrets = at(c, "student-service", "").withArray("secrets");
                    for (int i = secrets.size() - 1; i >= 0; i--) {
                        if (secrets.get(i).asText().equals("jwt-private-key")) {
                            secrets.remove(i);
                        }
                    }
                }, "teacher-service: cannot sign tokens to call teacher-service",
                        "student-service: cannot sign tokens to call teacher-service"),
                broken(0, "a service that cannot be scaled, a gateway that sends a port to the wrong service", c -> {
                    at(c, "student-service", "").put("container_name", "student").putArray("ports").add("8083:8083");
                    at(c, "student-service", "/environment").put("HOSTNAME", "student");
                    String script = at(c, "gateway", "").path("command").get(0).asText();
                    at(c, "gateway", "").putArray("command").add(script.replace("soft-target-service:8082;",
                            "student-service:8083;").replace("client_max_body_size 64m;", "client_max_body_size 4m;"));
                }, "student-service: sets [container_name, host port 8083:8083], which every replica would share"
                        + " | HOSTNAME is the value student, which every replica would share",
                        "gateway: port 8082 does not pass to soft-target-service:8082"
                        + " | port 8081 takes bodies up to 4194304 bytes, under teacher-service's 67108864"),
                broken(0, "a broker with no health check, no data, servers and a gateway that do not serve", c -> {
                    at(c, "kafka", "").remove("healthcheck");
                    at(c, "data", "").put("command", "true").remove("volumes");
                    at(c, "minio", "").putArray("command").add("minio");
                    at(c, "minio-bucket", "").remove("depends_on");
                    at(c, "gateway", "").remove(List.of("entrypoint", "command", "ports"));
                    at(c, "teacher-service", "/deploy/resources/limits").remove("memory");
                }, "kafka: no health check", "minio-bucket: does not wait for minio",
                        "data: does not run fetch-all.sh | does not fill | does not mount deploy/data",
                        "minio: does not run 'server <dir>' | ? is not a writable named volume",
                        "gateway: does not ask Docker's DNS | port 8081 is not published | port 8082 is not published"
                        + " | port 8083 is not published | port 8084 is not published | port 8081 does not pass"
                        + " | port 8082 does not pass | port 8083 does not pass | port 8084 does not pass"
                        + " | port 8081 takes bodies | port 8082 takes bodies | port 8083 takes bodies"
                        + " | port 8084 takes bodies",
                        "teacher-service: no cpus and memory limits"),
                broken(1, "a GPU for inference, training services without their GPU, CUDA image or build", c -> {
                    at(c, "soft-target-service", "/environment").put("DISTILL_DEVICE", "gpu");
                    at(c, "soft-target-service", "").set("deploy", at(c, "student-service", "/deploy"));
                    at(c, "specialist-service", "/deploy/resources").remove("reservations");
                    at(c, "teacher-service", "").put("image", "distill/teacher-service:0.1.0");
                    at(c, "student-service", "/build").put("dockerfile", "src/main/docker/Dockerfile.jvm");
                }, "soft-target-service: asks for a GPU where none is expected"
                        + " | DISTILL_DEVICE is gpu, expected auto or cpu",
                        "specialist-service: asks for no GPU",
                        "teacher-service: image distill/teacher-service:0.1.0 is not a CUDA build | builds from "
                        + Render.REPO.resolve("teacher-service/src/main/docker/Dockerfile.jvm-cuda"),
                        "student-service: builds from " + Render.REPO.resolve("student-service/src/main/docker/"
                        + "Dockerfile.jvm") + ", expected student-service/src/main/docker/Dockerfile.jvm-cuda"),
                broken(2, "a plaintext listener, a controller without certificates, super users, PLAIN", c -> {
                    at(c, "kafka", "/environment").put("KAFKA_LISTENER_SECURITY_PROTOCOL_MAP",
                            "INTERNAL:SASL_SSL,CONTROLLER:SSL,EXTERNAL:PLAINTEXT")
                            .put("KAFKA_SUPER_USERS", "User:admin;User:teacher-service")
                            .put("KAFKA_ALLOW_EVERYONE_IF_NO_ACL_FOUND", "true")
                            .put("KAFKA_SASL_ENABLED_MECHANISMS", "PLAIN")
                            .remove("KAFKA_LISTENER_NAME_CONTROLLER_SSL_CLIENT_AUTH");
                }, "kafka: listener EXTERNAL is PLAINTEXT | KAFKA_ALLOW_EVERYONE_IF_NO_ACL_FOUND lets anyone in"
                        + " | listener CONTROLLER is SSL with client authentication '', expected SSL, required"
                        + " | super user User:teacher-service passes every ACL"
                        + " | KAFKA_SASL_ENABLED_MECHANISMS is the value PLAIN"),
                broken(2, "a topic creator and a trust store of no one, a user maker without acls.tsv", c -> {
                    at(c, "kafka-topics", "/environment").put("KAFKA_TOOL_OPTIONS", "--bootstrap-server kafka:9092");
                    at(c, "kafka-access", "").remove(List.of("volumes", "depends_on"));
                    at(c, "teacher-service", "/environment").put("KAFKA_SSL_TRUSTSTORE_LOCATION", "/etc/ssl/ca.pem")
                            .put("KAFKA_SASL_MECHANISM", "PLAIN");
                }, "kafka-topics: does not log in as admin",
                        "kafka-access: does not read acls.tsv | does not wait for kafka",
                        "teacher-service: KAFKA_SSL_TRUSTSTORE_LOCATION /etc/ssl/ca.pem is not"
                        + " | KAFKA_SASL_MECHANISM is the value PLAIN"),
                broken(2, "a service logged in as another, a password inline, no users yet, a plaintext port", c -> {
                    String jaas = "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"%s\""
                            + " password=\"%s\";";
                    at(c, "teacher-service", "/environment").put("KAFKA_SASL_JAAS_CONFIG",
                            jaas.formatted("specialist-service", "${X:?}"));
                    at(c, "student-service", "/environment").put("KAFKA_SASL_JAAS_CONFIG",
                            jaas.formatted("student-service", "hunter22"));
                    at(c, "specialist-service", "/depends_on").remove("kafka-access");
                    at(c, "soft-target-service", "/environment").put("KAFKA_BOOTSTRAP_SERVERS", "kafka:9093");
                    at(c, "kafka-access", "").withArray("secrets").remove(7);
                }, "teacher-service: KAFKA_SASL_JAAS_CONFIG does not log in as teacher-service",
                        "student-service: the Kafka password is written inline",
                        "specialist-service: does not wait for kafka-access (service_completed_successfully)",
                        "soft-target-service: KAFKA_BOOTSTRAP_SERVERS kafka:9093 is not one of [kafka:9092]",
                        "kafka-access: no secret kafka-password-distill-observer with distill-observer.password"));
    }

    private static List<String> check(JsonNode compose, List<String> files, boolean written) {
        return ComposeChecks.all(compose, files.contains(GPU), files.contains(SCRAM), written);
    }

    /** A break of the files of {@code SETUPS[setup]}. */
    private static Arguments broken(int setup, String what, Consumer<JsonNode> edit, String... problems) {
        List<String> files = SETUPS.get(setup);
        return Arguments.of(String.join(" + ", files) + ": " + what, files, edit, List.of(problems));
    }

    /** The node at a JSON pointer in a service. */
    private static ObjectNode at(JsonNode compose, String service, String pointer) {
        return (ObjectNode) compose.path("services").path(service).at(pointer);
    }
}
