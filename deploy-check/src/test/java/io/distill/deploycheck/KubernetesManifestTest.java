package io.distill.deploycheck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** deploy/k8s, rendered and parsed strictly, against the contract. Nothing is applied to a cluster. */
class KubernetesManifestTest {

    private static final Path K8S = Contract.repo().resolve("deploy/k8s");
    private static final Path BASE = K8S.resolve("base");
    private static final Path GPU = K8S.resolve("overlays/gpu");

    @Test
    void everyManifestFileIsValidYamlAndParsesStrictlyIntoItsKubernetesModel() throws Exception {
        List<Path> files;
        try (Stream<Path> walk = Files.walk(K8S)) {
            files = walk.filter(p -> p.toString().endsWith(".yaml") && !p.getFileName().toString().equals("kustomization.yaml"))
                    .sorted().toList();
        }
        assertThat(files).hasSizeGreaterThanOrEqualTo(8);
        List<String> problems = new ArrayList<>();
        for (Path file : files) {
            List<ObjectNode> docs = Yaml.documents(file);
            assertThat(docs).as(file.toString()).isNotEmpty();
            if (file.startsWith(BASE)) {
                problems.addAll(K8sChecks.strictModel(docs));
            }
        }
        problems.addAll(K8sChecks.strictModel(Kustomize.render(GPU)));
        assertThat(problems).isEmpty();
    }

    @Test
    void baseRunsEveryServiceWithProbesEnvResourcesStoreAndService() {
        assertThat(K8sChecks.workloads(Kustomize.render(BASE))).isEmpty();
    }

    @Test
    void baseRunsKafkaInKraftModeWithAKafkaTopicForEveryContractTopicAndDlq() {
        List<ObjectNode> base = Kustomize.render(BASE);
        assertThat(K8sChecks.kafka(base)).isEmpty();
        Set<String> topics = K8sChecks.ofKind(base, "KafkaTopic").stream()
                .map(t -> t.path("spec").path("topicName").asText()).collect(Collectors.toSet());
        assertThat(topics).contains("soft-targets", "soft-targets.dlq", "teacher-models.dlq", "transfer-sets.dlq", "student-models.dlq");
    }

    @Test
    void baseAsksForNoGpuAndPutsEverythingInTheDistillNamespace() {
        List<ObjectNode> base = Kustomize.render(BASE);
        assertThat(K8sChecks.gpu(base, false)).isEmpty();
        assertThat(K8sChecks.ofKind(base, "Namespace")).extracting(n -> n.path("metadata").path("name").asText())
                .containsExactly("distill");
        assertThat(base).filteredOn(r -> !"Namespace".equals(r.path("kind").asText()))
                .allSatisfy(r -> assertThat(r.path("metadata").path("namespace").asText()).isEqualTo("distill"));
    }

    @Test
    void gpuOverlayPutsTheTrainingServicesOnGpuNodesWithTheCudaImages() {
        List<ObjectNode> gpu = Kustomize.render(GPU);
        assertThat(K8sChecks.gpu(gpu, true)).isEmpty();
        assertThat(K8sChecks.workloads(gpu)).isEmpty();
        assertThat(K8sChecks.kafka(gpu)).isEmpty();
    }

    @Test
    void kubectlKustomizeRendersTheSameResourcesAndTheyPassTheSameChecks() throws Exception {
        List<ObjectNode> base = Kustomize.renderWithKubectl(BASE);
        assumeTrue(base != null, "kubectl is not on the PATH");
        List<ObjectNode> gpu = Kustomize.renderWithKubectl(GPU);
        assertThat(ids(base)).isEqualTo(ids(Kustomize.render(BASE)));
        assertThat(ids(gpu)).isEqualTo(ids(Kustomize.render(GPU)));
        assertThat(K8sChecks.strictModel(gpu)).isEmpty();
        assertThat(K8sChecks.workloads(base)).isEmpty();
        assertThat(K8sChecks.kafka(base)).isEmpty();
        assertThat(K8sChecks.gpu(base, false)).isEmpty();
        assertThat(K8sChecks.gpu(gpu, true)).isEmpty();
        assertThat(K8sSharedState.check(base)).isEmpty();
        assertThat(K8sSharedState.check(gpu)).isEmpty();
    }

    // ---- The checks can fail: each breaks a copy of the manifests and expects the problem named ----

    @Test
    void aMissingKafkaTopicIsReported() {
        List<ObjectNode> base = new ArrayList<>(Kustomize.render(BASE));
        base.removeIf(r -> "KafkaTopic".equals(r.path("kind").asText()) && "soft-targets.dlq".equals(r.path("spec").path("topicName").asText()));
        assertThat(K8sChecks.kafka(base)).containsExactly("no KafkaTopic for topic soft-targets.dlq");
    }

    @Test
    void aMisspeltFieldAMissingProbeAndAMissingLimitAreReported() {
        List<ObjectNode> base = Kustomize.render(BASE);
        ObjectNode container = (ObjectNode) Kustomize.find(base, "Deployment", "student-service")
                .path("spec").path("template").path("spec").path("containers").get(0);
        container.set("livenesProbe", container.remove("livenessProbe"));
        ((ObjectNode) container.path("resources").path("limits")).remove("memory");
        assertThat(K8sChecks.strictModel(base)).singleElement().asString().contains("unknown field(s) [livenesProbe]");
        assertThat(K8sChecks.workloads(base)).contains(
                "Deployment student-service container student-service: no livenessProbe (HTTP GET /q/health/live)",
                "Deployment student-service container student-service: no memory limit");
    }

    @Test
    void aProbeTimeoutTooShortForReadinessToAnswerIsReported() {
        List<ObjectNode> base = Kustomize.render(BASE);
        ObjectNode container = (ObjectNode) Kustomize.find(base, "Deployment", "soft-target-service")
                .path("spec").path("template").path("spec").path("containers").get(0);
        ((ObjectNode) container.path("readinessProbe")).put("timeoutSeconds", 2);
        ((ObjectNode) container.path("startupProbe")).remove("timeoutSeconds");
        ((ObjectNode) container.path("livenessProbe")).put("periodSeconds", 4);
        assertThat(K8sChecks.workloads(base)).containsExactlyInAnyOrder(
                "Deployment soft-target-service container soft-target-service: readinessProbe timeoutSeconds 2 is under 3"
                        + " (readiness may take up to 2 s to say Kafka is down)",
                "Deployment soft-target-service container soft-target-service: startupProbe timeoutSeconds 1 is under 3"
                        + " (readiness may take up to 2 s to say Kafka is down)",
                "Deployment soft-target-service container soft-target-service: livenessProbe periodSeconds 4 is under"
                        + " its timeoutSeconds 5");
    }

    @Test
    void aTrainingServiceWithoutItsGpuIsReported() {
        List<ObjectNode> gpu = Kustomize.render(GPU);
        ObjectNode container = (ObjectNode) Kustomize.find(gpu, "Deployment", "teacher-service")
                .path("spec").path("template").path("spec").path("containers").get(0);
        ((ObjectNode) container.path("resources").path("limits")).remove("nvidia.com/gpu");
        assertThat(K8sChecks.gpu(gpu, true)).containsExactly("Deployment teacher-service: no nvidia.com/gpu limit");
    }

    private static List<String> ids(List<ObjectNode> docs) {
        return docs.stream().map(d -> d.path("apiVersion").asText() + "/" + d.path("kind").asText() + "/"
                + d.path("metadata").path("namespace").asText() + "/" + d.path("metadata").path("name").asText())
                .sorted().toList();
    }
}
