package io.distill.deploycheck;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** deploy/docker-compose.yml's PostgreSQL, MinIO, bucket, gateway and scalable services, and that each check can fail. */
class ComposeSharedStateTest {

    private static final Path BASE = Contract.repo().resolve("deploy/docker-compose.yml");

    @Test
    void composeRunsPostgresAndMinioWithHealthChecksAndVolumesAndScalableServicesBehindTheGateway() {
        assertThat(ComposeSharedState.check(Yaml.document(BASE))).isEmpty();
    }

    // ---- The checks can fail: each breaks a copy and expects the problem named ----

    @Test
    void postgresOrMinioWithoutHealthCheckOrVolumeIsReported() {
        ObjectNode compose = Yaml.document(BASE);
        ObjectNode postgres = service(compose, "postgres");
        postgres.remove("healthcheck");
        postgres.remove("volumes");
        ObjectNode minio = service(compose, "minio");
        minio.remove("healthcheck");
        minio.remove("volumes");
        assertThat(ComposeSharedState.check(compose)).containsExactlyInAnyOrder(
                "postgres: no pg_isready health check",
                "postgres: /var/lib/postgresql/data is not a writable named volume",
                "minio: no health check",
                "minio: /data is not a writable named volume");
    }

    @Test
    void aMissingDatabaseOrObjectStoreIsReported() {
        ObjectNode compose = Yaml.document(BASE);
        ((ObjectNode) compose.path("services")).remove("postgres");
        ((ObjectNode) compose.path("services")).remove("minio-bucket");
        assertThat(ComposeSharedState.check(compose)).contains("no postgres service", "no minio-bucket service");
    }

    @Test
    void aBucketOneShotThatCreatesNoBucketIsReported() {
        ObjectNode compose = Yaml.document(BASE);
        ObjectNode bucket = service(compose, "minio-bucket");
        String script = bucket.path("command").get(0).asText().replaceAll("(?m)^mc mb .*$", "");
        bucket.putArray("command").add(script);
        assertThat(ComposeSharedState.check(compose))
                .containsExactly("minio-bucket: does not create the bucket DISTILL_OBJECT_STORE_BUCKET (mc mb)");
    }

    @Test
    void aServiceThatStartsBeforeTheDatabaseOrTheBucketIsReported() {
        ObjectNode compose = Yaml.document(BASE);
        ObjectNode depends = (ObjectNode) service(compose, "student-service").path("depends_on");
        depends.remove("postgres");
        depends.remove("minio-bucket");
        assertThat(ComposeSharedState.check(compose)).containsExactlyInAnyOrder(
                "student-service: does not depend on postgres with condition service_healthy",
                "student-service: does not depend on minio-bucket with condition service_completed_successfully");
    }

    @Test
    void aServiceWithAStoreVolumeOrAnotherDatabaseIsReported() {
        ObjectNode compose = Yaml.document(BASE);
        ObjectNode teacher = service(compose, "teacher-service");
        ((ArrayNode) teacher.path("volumes")).add("teacher-store:/var/lib/distill/store");
        ((ObjectNode) teacher.path("environment")).put("QUARKUS_DATASOURCE_JDBC_URL", "jdbc:postgresql://postgres:5432/teacher");
        assertThat(ComposeSharedState.check(compose)).containsExactlyInAnyOrder(
                "teacher-service: DISTILL_STORE_DIR is a volume; it is a cache only, the state is in PostgreSQL and MinIO",
                "teacher-service: QUARKUS_DATASOURCE_JDBC_URL is jdbc:postgresql://postgres:5432/teacher,"
                        + " expected jdbc:postgresql://postgres:5432/${POSTGRES_DB:-distill}");
    }

    @Test
    void anInlineCredentialOrOneThatDiffersFromMinioIsReported() {
        ObjectNode compose = Yaml.document(BASE);
        ((ObjectNode) service(compose, "specialist-service").path("environment")).put("AWS_SECRET_ACCESS_KEY", "hunter22");
        assertThat(ComposeSharedState.check(compose)).containsExactlyInAnyOrder(
                "specialist-service: AWS_SECRET_ACCESS_KEY is hunter22, expected ${MINIO_ROOT_PASSWORD:?set MINIO_ROOT_PASSWORD}",
                "specialist-service: credential AWS_SECRET_ACCESS_KEY is written inline; use ${VARIABLE:?message}");
    }

    @Test
    void aPasswordWithADefaultInTheFileIsReported() {
        ObjectNode compose = Yaml.document(BASE);
        ((ObjectNode) service(compose, "postgres").path("environment")).put("POSTGRES_PASSWORD", "${POSTGRES_PASSWORD:-distill}");
        ((ObjectNode) service(compose, "teacher-service").path("environment"))
                .put("QUARKUS_DATASOURCE_PASSWORD", "${POSTGRES_PASSWORD:-distill}");
        assertThat(ComposeSharedState.check(compose)).contains(
                "postgres: secret POSTGRES_PASSWORD has a default in the file; use ${VARIABLE:?message}",
                "teacher-service: secret QUARKUS_DATASOURCE_PASSWORD has a default in the file; use ${VARIABLE:?message}");
    }

    @Test
    void aServiceThatCannotBeScaledIsReported() {
        ObjectNode compose = Yaml.document(BASE);
        ObjectNode student = service(compose, "student-service");
        student.putArray("ports").add("8083:8083");
        student.put("container_name", "student");
        ((ObjectNode) student.path("environment")).put("HOSTNAME", "student");
        assertThat(ComposeSharedState.check(compose)).containsExactlyInAnyOrder(
                "student-service: publishes host port(s) [8083:8083], so it cannot be scaled; the gateway publishes them",
                "student-service: sets container_name, which every replica would share",
                "student-service: sets HOSTNAME, which every replica would share; Docker sets it to the container's id");
    }

    @Test
    void aGatewayThatDoesNotPassAPortToItsServiceIsReported() {
        ObjectNode compose = Yaml.document(BASE);
        ObjectNode gateway = service(compose, "gateway");
        String script = gateway.path("command").get(0).asText().replace("soft-target-service:8082;", "student-service:8083;");
        gateway.putArray("command").add(script);
        assertThat(ComposeSharedState.check(compose)).containsExactly("gateway: port 8082 does not pass to soft-target-service:8082");
    }

    private static ObjectNode service(ObjectNode compose, String name) {
        return (ObjectNode) compose.path("services").path(name);
    }
}
