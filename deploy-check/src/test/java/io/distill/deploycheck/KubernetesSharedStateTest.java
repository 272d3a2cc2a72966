package io.distill.deploycheck;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** deploy/k8s's replicas, CloudNativePG cluster, object store and Secrets, and that each check can fail. */
class KubernetesSharedStateTest {

    private static final Path K8S = Contract.repo().resolve("deploy/k8s");
    private static final Path BASE = K8S.resolve("base");
    private static final Path GPU = K8S.resolve("overlays/gpu");

    @Test
    void baseRunsReplicasOnACloudNativePgClusterAndAnObjectStoreWithCredentialsOnlyInSecrets() {
        assertThat(K8sSharedState.check(Kustomize.render(BASE))).isEmpty();
    }

    @Test
    void gpuOverlayKeepsTheReplicasAndTheSharedState() {
        assertThat(K8sSharedState.check(Kustomize.render(GPU))).isEmpty();
    }

    // ---- The checks can fail: each breaks a copy of the manifests and expects the problem named ----

    @Test
    void aSingleRecreatedReplicaIsReported() {
        List<ObjectNode> base = Kustomize.render(BASE);
        ObjectNode spec = (ObjectNode) Kustomize.find(base, "Deployment", "student-service").path("spec");
        spec.put("replicas", 1);
        spec.putObject("strategy").put("type", "Recreate");
        assertThat(K8sSharedState.check(base)).containsExactlyInAnyOrder(
                "Deployment student-service: replicas 1, expected at least 2",
                "Deployment student-service: strategy Recreate, expected RollingUpdate");
    }

    @Test
    void aStorePvcIsReported() {
        List<ObjectNode> base = Kustomize.render(BASE);
        for (var volume : pod(base, "teacher-service").path("volumes")) {
            if ("store".equals(volume.path("name").asText())) {
                ((ObjectNode) volume).remove("emptyDir");
                ((ObjectNode) volume).putObject("persistentVolumeClaim").put("claimName", "teacher-store");
            }
        }
        assertThat(K8sSharedState.check(base)).containsExactly("Deployment teacher-service: mounts PVC teacher-store;"
                + " replicas share no volume, the state is in PostgreSQL and the object store");
        assertThat(K8sChecks.workloads(base))
                .containsExactly("Deployment teacher-service: DISTILL_STORE_DIR /var/lib/distill/store is not a mounted emptyDir (it is a cache only)");
    }

    @Test
    void aFixedReplicaIdIsReported() {
        List<ObjectNode> base = Kustomize.render(BASE);
        for (var e : container(base, "specialist-service").path("env")) {
            if ("HOSTNAME".equals(e.path("name").asText())) {
                ((ObjectNode) e).remove("valueFrom");
                ((ObjectNode) e).put("value", "specialist");
            }
        }
        assertThat(K8sSharedState.check(base))
                .containsExactly("Deployment specialist-service: HOSTNAME is the value specialist, expected the pod's name (fieldRef metadata.name)");
    }

    @Test
    void anInlinePasswordOrAMissingSecretKeyIsReported() {
        List<ObjectNode> base = Kustomize.render(BASE);
        for (var e : container(base, "soft-target-service").path("env")) {
            if ("QUARKUS_DATASOURCE_PASSWORD".equals(e.path("name").asText())) {
                ((ObjectNode) e).remove("valueFrom");
                ((ObjectNode) e).put("value", "hunter22");
            }
        }
        ((ObjectNode) Kustomize.find(base, "Secret", "distill-object-store").path("stringData")).remove("AWS_SECRET_ACCESS_KEY");
        assertThat(K8sSharedState.credentials(base)).contains(
                "Deployment soft-target-service container soft-target-service: credential QUARKUS_DATASOURCE_PASSWORD is the value hunter22;"
                        + " it belongs in a Secret",
                "Deployment teacher-service container teacher-service: AWS_SECRET_ACCESS_KEY refers to Secret distill-object-store"
                        + " key AWS_SECRET_ACCESS_KEY, which the manifests do not hold",
                "Job minio-bucket container mc: AWS_SECRET_ACCESS_KEY refers to Secret distill-object-store"
                        + " key AWS_SECRET_ACCESS_KEY, which the manifests do not hold");
        assertThat(K8sSharedState.database(base)).containsExactly("Deployment soft-target-service: QUARKUS_DATASOURCE_PASSWORD"
                + " is the value hunter22, expected Secret distill-db-app key password");
    }

    @Test
    void aCredentialInTheConfigMapOrARealLookingSecretIsReported() {
        List<ObjectNode> base = Kustomize.render(BASE);
        ((ObjectNode) Kustomize.find(base, "ConfigMap", "distill-common").path("data")).put("AWS_SECRET_ACCESS_KEY", "hunter22");
        ((ObjectNode) Kustomize.find(base, "Secret", "distill-db-app").path("stringData")).put("password", "hunter22");
        assertThat(K8sSharedState.credentials(base)).containsExactlyInAnyOrder(
                "ConfigMap distill-common: holds credential AWS_SECRET_ACCESS_KEY; it belongs in a Secret",
                "Secret distill-db-app: password is not a REPLACE-ME placeholder; real credentials stay out of the repository");
    }

    @Test
    void aMissingClusterOrAnAppOnAnotherDatabaseIsReported() {
        List<ObjectNode> base = new ArrayList<>(Kustomize.render(BASE));
        ((ObjectNode) Kustomize.find(base, "ConfigMap", "distill-common").path("data"))
                .put("QUARKUS_DATASOURCE_JDBC_URL", "jdbc:postgresql://distill-db-ro:5432/distill");
        assertThat(K8sSharedState.database(base)).hasSize(4).allSatisfy(p -> assertThat(p)
                .contains("QUARKUS_DATASOURCE_JDBC_URL is configMap distill-common key QUARKUS_DATASOURCE_JDBC_URL, expected "
                        + "jdbc:postgresql://distill-db-rw:5432/distill (the Cluster's read-write Service)"));
        base.removeIf(r -> "Cluster".equals(r.path("kind").asText()));
        assertThat(K8sSharedState.database(base)).containsExactly("expected one CloudNativePG Cluster (postgresql.cnpg.io/v1), found 0");
    }

    @Test
    void aClusterWhoseOwnerIsNotInItsSecretIsReported() {
        List<ObjectNode> base = Kustomize.render(BASE);
        ((ObjectNode) Kustomize.find(base, "Cluster", "distill-db").path("spec").path("bootstrap").path("initdb")).put("owner", "app");
        assertThat(K8sSharedState.database(base))
                .containsExactly("Cluster distill-db: Secret distill-db-app does not hold the owner app and a password");
    }

    @Test
    void anObjectStoreWithoutItsVolumeOrBucketJobIsReported() {
        List<ObjectNode> base = new ArrayList<>(Kustomize.render(BASE));
        base.removeIf(r -> "Job".equals(r.path("kind").asText()) || "PersistentVolumeClaim".equals(r.path("kind").asText()));
        assertThat(K8sSharedState.objectStore(base)).containsExactlyInAnyOrder(
                "Deployment minio: keeps its data on no PVC among the manifests",
                "no Job creates the bucket DISTILL_OBJECT_STORE_BUCKET (mc mb)");
        base.removeIf(r -> "minio".equals(r.path("metadata").path("name").asText()));
        assertThat(K8sSharedState.objectStore(base)).containsExactly("no Deployment minio (the object store)");
    }

    @Test
    void anEndpointThatIsNotTheObjectStoresServiceIsReported() {
        List<ObjectNode> base = Kustomize.render(BASE);
        ((ObjectNode) Kustomize.find(base, "ConfigMap", "distill-common").path("data")).put("DISTILL_OBJECT_STORE_ENDPOINT", "http://s3:9000");
        assertThat(K8sSharedState.objectStore(base)).contains("Deployment student-service: DISTILL_OBJECT_STORE_ENDPOINT is configMap"
                + " distill-common key DISTILL_OBJECT_STORE_ENDPOINT, expected http://<Service>:<port> of the Deployment minio");
    }

    private static ObjectNode pod(List<ObjectNode> docs, String deployment) {
        return (ObjectNode) Kustomize.find(docs, "Deployment", deployment).path("spec").path("template").path("spec");
    }

    private static ObjectNode container(List<ObjectNode> docs, String deployment) {
        return (ObjectNode) ((ArrayNode) pod(docs, deployment).path("containers")).get(0);
    }
}
