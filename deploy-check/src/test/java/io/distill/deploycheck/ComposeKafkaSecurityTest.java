package io.distill.deploycheck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** deploy/docker-compose.scram.yml: the compose setup secured as on Kubernetes; each rule also catches a file that breaks it. */
class ComposeKafkaSecurityTest {

    private static final Path REPO = Contract.repo();
    private static final Path DEPLOY = REPO.resolve("deploy");
    private static final Path BASE = DEPLOY.resolve("docker-compose.yml");
    private static final Path GPU = DEPLOY.resolve("docker-compose.gpu.yml");
    private static final Path SCRAM = DEPLOY.resolve("docker-compose.scram.yml");
    private static final List<KafkaAcls.Grant> GRANTS = KafkaAcls.read(REPO.resolve(KafkaAcls.FILE));

    @Test
    void theScramOverrideRunsASaslSslBrokerWithTheUsersOfAclsTsvAndEveryServiceLogsInAsItself() {
        ObjectNode secure = ComposeKafkaSecurity.merge(Yaml.document(BASE), Yaml.document(SCRAM));
        assertThat(ComposeKafkaSecurity.check(secure, DEPLOY, GRANTS, true)).isEmpty();
        ObjectNode gpu = ComposeKafkaSecurity.merge(ComposeKafkaSecurity.merge(Yaml.document(BASE), Yaml.document(GPU)), Yaml.document(SCRAM));
        assertThat(ComposeKafkaSecurity.check(gpu, DEPLOY, GRANTS, true)).isEmpty();
        assertThat(ComposeChecks.topics(secure.path("services"))).isEmpty();
    }

    @Test
    void thePlainComposeFileIsNotSecureAndSaysSo() {
        List<String> problems = ComposeKafkaSecurity.check(Yaml.document(BASE), DEPLOY, GRANTS, true);
        assertThat(problems).contains("kafka: listener INTERNAL is PLAINTEXT, expected SASL_SSL", "no kafka-access service"
                + " (the SCRAM users and ACLs of deploy/kafka/acls.tsv)");
    }

    @Test
    void dockerComposeAcceptsTheScramOverrideAndMergesItAsChecked() throws Exception {
        assumeTrue(Tools.onPath("docker-compose"), "docker-compose is not on the PATH (.ci/run installs Debian's package)");
        Map<String, String> passwords = new LinkedHashMap<>(ComposeFileTest.PASSWORDS);
        for (Contract.Service s : Contract.SERVICES) {
            passwords.put(s.name().toUpperCase(Locale.ROOT).replace('-', '_') + "_KAFKA_PASSWORD", "checked-" + s.name());
        }
        for (List<String> files : List.of(List.of("deploy/docker-compose.yml", "deploy/docker-compose.scram.yml"),
                List.of("deploy/docker-compose.yml", "deploy/docker-compose.gpu.yml", "deploy/docker-compose.scram.yml"))) {
            List<String> command = new ArrayList<>(List.of("docker-compose"));
            files.forEach(f -> command.addAll(List.of("-f", f)));
            command.add("config");
            Tools.Result merged = Tools.run(REPO, 120, passwords, command.toArray(String[]::new));
            assertThat(merged.exitCode()).as(merged.stderr()).isZero();
            ObjectNode compose = Yaml.parse(merged.stdout());
            assertThat(ComposeKafkaSecurity.check(compose, DEPLOY, GRANTS, false)).as(files.toString()).isEmpty();
            assertThat(ComposeChecks.env(compose.path("services").path("student-service")).get("KAFKA_SASL_JAAS_CONFIG"))
                    .endsWith("username=\"student-service\" password=\"checked-student-service\";");
        }
        Tools.Result unset = Tools.run(REPO, 120, "docker-compose", "-f", "deploy/docker-compose.yml", "-f", "deploy/docker-compose.scram.yml",
                "config", "-q");
        assertThat(unset.exitCode()).as("a password left unset stops docker-compose").isNotZero();
    }

    // ---- The checks can fail: each breaks a copy and expects the problem named ----

    @Test
    void aPlaintextListenerAControllerWithoutClientCertificatesAndAnExtraSuperUserAreReported() {
        ObjectNode secure = ComposeKafkaSecurity.merge(Yaml.document(BASE), Yaml.document(SCRAM));
        ((ObjectNode) secure.path("services").path("kafka").path("environment"))
                .put("KAFKA_LISTENER_SECURITY_PROTOCOL_MAP", "INTERNAL:SASL_SSL,CONTROLLER:SSL,EXTERNAL:PLAINTEXT")
                .put("KAFKA_SUPER_USERS", "User:admin;User:teacher-service")
                .put("KAFKA_ALLOW_EVERYONE_IF_NO_ACL_FOUND", "true")
                .remove("KAFKA_LISTENER_NAME_CONTROLLER_SSL_CLIENT_AUTH");
        assertThat(ComposeKafkaSecurity.check(secure, DEPLOY, GRANTS, true)).containsExactlyInAnyOrder(
                "kafka: listener EXTERNAL is PLAINTEXT, expected SASL_SSL",
                "kafka: controller listener CONTROLLER is SSL with client authentication null, expected SSL with required client certificates",
                "kafka: super user User:teacher-service passes every ACL; only admin and the broker's certificate may",
                "kafka: KAFKA_ALLOW_EVERYONE_IF_NO_ACL_FOUND lets anyone use a resource without ACLs");
    }

    @Test
    void aServiceLoggedInAsAnotherWithAnInlinePasswordOrWithoutTheUsersIsReported() {
        ObjectNode secure = ComposeKafkaSecurity.merge(Yaml.document(BASE), Yaml.document(SCRAM));
        ObjectNode services = (ObjectNode) secure.path("services");
        ((ObjectNode) services.path("teacher-service").path("environment")).put("KAFKA_SASL_JAAS_CONFIG",
                "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"specialist-service\" password=\"${X:?}\";");
        ((ObjectNode) services.path("student-service").path("environment")).put("KAFKA_SASL_JAAS_CONFIG",
                "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"student-service\" password=\"hunter22\";");
        ((ObjectNode) services.path("specialist-service").path("depends_on")).remove(ComposeKafkaSecurity.ACCESS);
        ((ObjectNode) services.path("soft-target-service").path("environment")).put("KAFKA_BOOTSTRAP_SERVERS", "kafka:9093");
        ArrayNode secrets = (ArrayNode) services.path(ComposeKafkaSecurity.ACCESS).path("secrets");
        for (int i = 0; i < secrets.size(); i++) {
            if (secrets.get(i).asText().equals("kafka-password-distill-observer")) {
                secrets.remove(i);
            }
        }
        assertThat(ComposeKafkaSecurity.check(secure, DEPLOY, GRANTS, true)).containsExactlyInAnyOrder(
                "teacher-service: KAFKA_SASL_JAAS_CONFIG does not log in with SCRAM as teacher-service",
                "student-service: the password in KAFKA_SASL_JAAS_CONFIG is written inline; use ${VARIABLE:?...}",
                "specialist-service: does not depend on kafka-access with condition service_completed_successfully",
                "soft-target-service: KAFKA_BOOTSTRAP_SERVERS kafka:9093 is not a SASL_SSL listener of kafka"
                        + " {kafka:9092=SASL_SSL, localhost:19092=SASL_SSL}",
                "kafka-access: no secret kafka-password-distill-observer with distill-observer.password for principal distill-observer");
    }
}
