package io.distill.deploycheck;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** deploy/k8s against the rules for pods and the network; each rule also catches a file that breaks it. */
class KubernetesSecurityTest {

    private static final Path K8S = Contract.repo().resolve("deploy/k8s");
    private static final Path BASE = K8S.resolve("base");
    private static final Path GPU = K8S.resolve("overlays/gpu");

    @Test
    void everyPodPassesRestrictedWithAReadOnlyRootAndTheNamespaceEnforcesIt() {
        assertThat(K8sSecurity.restrictedPods(Kustomize.render(BASE))).isEmpty();
        assertThat(K8sSecurity.restrictedPods(Kustomize.render(GPU))).isEmpty();
    }

    @Test
    void nothingIsFetchedAtStartUp() {
        assertThat(K8sSecurity.nothingFetchedAtStart(Kustomize.render(BASE))).isEmpty();
    }

    @Test
    void theNamespaceDeniesAllTrafficButWhatEachServiceNeeds() {
        assertThat(K8sSecurity.networkPolicies(Kustomize.render(BASE))).isEmpty();
    }

    @Test
    void aRootContainerAWritableRootAndAMissingSeccompProfileAreReported() {
        List<ObjectNode> base = Kustomize.render(BASE);
        ObjectNode pod = (ObjectNode) Kustomize.find(base, "Deployment", "student-service").path("spec").path("template").path("spec");
        ((ObjectNode) pod.path("securityContext")).remove("seccompProfile");
        ObjectNode container = (ObjectNode) pod.path("containers").path(0).path("securityContext");
        container.put("runAsUser", 0);
        container.put("readOnlyRootFilesystem", false);
        ((ObjectNode) Kustomize.find(base, "Namespace", "distill").path("metadata").path("labels"))
                .put("pod-security.kubernetes.io/enforce", "baseline");
        assertThat(K8sSecurity.restrictedPods(base)).contains(
                "Deployment student-service container student-service: runs as root (runAsUser 0)",
                "Deployment student-service container student-service: the root filesystem is not read-only",
                "Deployment student-service container student-service: no seccompProfile RuntimeDefault",
                "Deployment student-service container copy-data: no seccompProfile RuntimeDefault",
                "Namespace distill: pod-security.kubernetes.io/enforce is 'baseline', expected restricted");
    }

    @Test
    void anInitContainerThatFetchesTheDataIsReported() {
        List<ObjectNode> base = Kustomize.render(BASE);
        ArrayNode init = (ArrayNode) Kustomize.find(base, "Deployment", "teacher-service").path("spec").path("template")
                .path("spec").path("initContainers");
        ((ObjectNode) init.path(0)).putArray("command").add("bash").add("/opt/distill/fetch/fetch-all.sh");
        assertThat(K8sSecurity.nothingFetchedAtStart(base))
                .containsExactly("Deployment teacher-service container copy-data: fetches at start-up (bash /opt/distill/fetch/fetch-all.sh)");
    }

    @Test
    void aMissingDefaultDenyAMissingDownloadRuleAndAnAllowAllEgressAreReported() {
        List<ObjectNode> base = Kustomize.render(BASE);
        base.remove(Kustomize.find(base, "NetworkPolicy", "default-deny"));
        ObjectNode specialist = Kustomize.find(base, "NetworkPolicy", "specialist-service");
        ArrayNode egress = (ArrayNode) specialist.path("spec").path("egress");
        egress.remove(egress.size() - 1);
        egress.addObject();
        assertThat(K8sSecurity.networkPolicies(base)).containsExactlyInAnyOrder(
                "no NetworkPolicy denies all ingress and egress in the namespace by default",
                "NetworkPolicy specialist-service: an egress rule allows everything",
                "NetworkPolicy for specialist-service: no egress to the artifacts on port 8083");
    }
}
