package io.distill.deploycheck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** deploy/docker-compose.yml and its GPU override, against the contract. No Docker engine is needed. */
class ComposeFileTest {

    private static final Path REPO = Contract.repo();
    private static final Path DEPLOY = REPO.resolve("deploy");
    private static final Path BASE = DEPLOY.resolve("docker-compose.yml");
    private static final Path GPU = DEPLOY.resolve("docker-compose.gpu.yml");

    @Test
    void composeRunsEveryServiceWithItsPortVariablesVolumesHealthCheckDependenciesAndLimits() {
        assertThat(ComposeChecks.base(Yaml.document(BASE), DEPLOY)).isEmpty();
    }

    @Test
    void composeCreatesEveryContractTopicAndDlqAndKeepsSoftTargetsForAWeek() {
        assertThat(ComposeChecks.topics(Yaml.document(BASE).path("services"))).isEmpty();
    }

    @Test
    void gpuOverrideReservesAnNvidiaGpuAndBuildsTheCudaImageForEachTrainingService() {
        assertThat(ComposeChecks.gpu(Yaml.document(GPU), Yaml.document(BASE), DEPLOY)).isEmpty();
    }

    /** The passwords compose requires (none has a default in the file), as a user sets them. */
    static final Map<String, String> PASSWORDS = Map.of("POSTGRES_PASSWORD", "checked-database",
            "MINIO_ROOT_PASSWORD", "checked-object-store");

    @Test
    void dockerComposeAcceptsTheFilesAloneAndTogether() throws Exception {
        assumeTrue(Tools.onPath("docker-compose"), "docker-compose is not on the PATH (.ci/run installs Debian's package)");
        Tools.Result base = Tools.run(REPO, 120, PASSWORDS, "docker-compose", "-f", "deploy/docker-compose.yml", "config", "-q");
        assertThat(base.exitCode()).as(base.stderr()).isZero();
        Tools.Result both = Tools.run(REPO, 120, PASSWORDS, "docker-compose", "-f", "deploy/docker-compose.yml",
                "-f", "deploy/docker-compose.gpu.yml", "config", "-q");
        assertThat(both.exitCode()).as(both.stderr()).isZero();
        Tools.Result merged = Tools.run(REPO, 120, PASSWORDS, "docker-compose", "-f", "deploy/docker-compose.yml",
                "-f", "deploy/docker-compose.gpu.yml", "config");
        assertThat(merged.exitCode()).as(merged.stderr()).isZero();
        assertThat(ComposeChecks.merged(Yaml.parse(merged.stdout()))).isEmpty();
    }

    @Test
    void dockerComposeRefusesToStartWithoutThePasswords() throws Exception {
        assumeTrue(Tools.onPath("docker-compose"), "docker-compose is not on the PATH (.ci/run installs Debian's package)");
        Tools.Result unset = Tools.run(REPO, 120, Map.of("POSTGRES_PASSWORD", "checked-database"), "docker-compose",
                "-f", "deploy/docker-compose.yml", "config", "-q");
        assertThat(unset.exitCode()).isNotZero();
        assertThat(unset.stderr()).contains("set MINIO_ROOT_PASSWORD");
    }

    // ---- The checks can fail: each breaks a copy and expects the problem named ----

    @Test
    void aMissingVariableHealthCheckOrDependencyIsReported() {
        ObjectNode compose = Yaml.document(BASE);
        ObjectNode student = (ObjectNode) compose.path("services").path("student-service");
        ((ObjectNode) student.path("environment")).remove("DISTILL_PUBLIC_URL");
        student.remove("healthcheck");
        ((ObjectNode) student.path("depends_on")).remove("data");
        assertThat(ComposeChecks.base(compose, DEPLOY)).containsExactlyInAnyOrder(
                "student-service: env DISTILL_PUBLIC_URL is not set",
                "student-service: no health check",
                "student-service: does not depend on data with condition service_completed_successfully");
    }

    @Test
    void aHealthCheckTimeoutTooShortForReadinessToAnswerIsReported() {
        ObjectNode compose = Yaml.document(BASE);
        ((ObjectNode) compose.path("services").path("teacher-service").path("healthcheck")).put("timeout", "2s");
        ((ObjectNode) compose.path("services").path("student-service").path("healthcheck")).put("interval", "1m30s")
                .put("timeout", "2m");
        assertThat(ComposeChecks.base(compose, DEPLOY)).containsExactlyInAnyOrder(
                "teacher-service: health check timeout 2s is under 3s (readiness may take up to 2 s to say Kafka is down)",
                "student-service: health check interval 1m30s is under its timeout");
        assertThat(ComposeChecks.seconds("1m30s")).isEqualTo(90);
        assertThat(ComposeChecks.seconds("2500ms")).isEqualTo(2);
    }

    @Test
    void aTopicLeftOutOfTheTopicCreatorIsReported() {
        ObjectNode compose = Yaml.document(BASE);
        ObjectNode creator = (ObjectNode) compose.path("services").path("kafka-topics");
        String script = creator.path("command").get(0).asText().replaceAll("(?m)^.*--topic student-models\\.dlq .*$", "");
        creator.putArray("command").add(script);
        assertThat(ComposeChecks.topics(compose.path("services"))).containsExactly("kafka-topics: does not create topic student-models.dlq");
    }

    @Test
    void aGpuOverrideWithoutTheReservationIsReported() {
        ObjectNode gpu = Yaml.document(GPU);
        ((ObjectNode) gpu.path("services").path("specialist-service")).remove("deploy");
        assertThat(ComposeChecks.gpu(gpu, Yaml.document(BASE), DEPLOY))
                .containsExactly("gpu: specialist-service reserves no NVIDIA GPU (deploy.resources.reservations.devices)");
    }
}
