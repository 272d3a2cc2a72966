package io.distill.deploycheck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kafka on Kubernetes: SASL/SCRAM-SHA-512 over TLS, one KafkaUser per principal carrying exactly the ACLs of
 * deploy/kafka/acls.tsv, which grant what the contract needs; each rule also catches manifests that break it.
 */
class KafkaSecurityTest {

    private static final Path REPO = Contract.repo();
    private static final Path ACLS = REPO.resolve(KafkaAcls.FILE);
    private static final Path K8S = REPO.resolve("deploy/k8s");
    private static final Path BASE = K8S.resolve("base");
    private static final Path GPU = K8S.resolve("overlays/gpu");

    @Test
    void theKafkaUsersCarryExactlyTheGrantsOfAclsTsv() {
        List<KafkaAcls.Grant> grants = KafkaAcls.read(ACLS);
        assertThat(KafkaAcls.principals(grants)).containsExactlyInAnyOrder("teacher-service", "soft-target-service",
                "student-service", "specialist-service", KafkaAcls.OBSERVER);
        assertThat(KafkaAcls.compare(grants, Kustomize.render(BASE))).isEmpty();
        assertThat(KafkaAcls.compare(grants, Kustomize.render(GPU))).isEmpty();
    }

    @Test
    void aclsTsvGrantsWhatTheContractAndTheServicesConfigurationNeedAndNoMore() {
        assertThat(KafkaAcls.againstContract(KafkaAcls.read(ACLS), REPO)).isEmpty();
    }

    @Test
    void kafkaTakesOnlyScramOverTlsEnforcesAclsAndEveryServiceLogsInAsItself() {
        assertThat(K8sKafkaSecurity.check(Kustomize.render(BASE))).isEmpty();
        assertThat(K8sKafkaSecurity.check(Kustomize.render(GPU))).isEmpty();
    }

    @Test
    void kubectlKustomizeRendersKafkaAsSecureAsOurRenderer() throws Exception {
        List<ObjectNode> base = Kustomize.renderWithKubectl(BASE);
        assumeTrue(base != null, "kubectl is not on the PATH");
        assertThat(K8sKafkaSecurity.check(base)).isEmpty();
        assertThat(KafkaAcls.compare(KafkaAcls.read(ACLS), base)).isEmpty();
        assertThat(K8sKafkaSecurity.check(Kustomize.renderWithKubectl(GPU))).isEmpty();
    }

    @Test
    void aclsTsvIsReadSkippingCommentsAndBlankLinesWithOneGrantPerOperation(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("acls.tsv");
        Files.writeString(file, "# principal\ttype\tname\toperations\n\nsvc\ttopic\tt\tRead,Write\nwatcher\tgroup\twatcher-*\tread\n");
        assertThat(KafkaAcls.read(file)).containsExactly(new KafkaAcls.Grant("svc", "topic", "t", false, "Read"),
                new KafkaAcls.Grant("svc", "topic", "t", false, "Write"), new KafkaAcls.Grant("watcher", "group", "watcher-", true, "Read"));
        Files.writeString(file, "svc topic t Read\n");
        assertThatThrownBy(() -> KafkaAcls.read(file)).hasMessageContaining("acls.tsv line 1").hasMessageContaining("four tab-separated cells");
        Files.writeString(file, "svc\ttopic\tt\tAll\n");
        assertThatThrownBy(() -> KafkaAcls.read(file)).hasMessage("acls.tsv line 1 grants 'All', expected Read, Write or Describe.");
    }

    // ---- The checks can fail: each breaks a copy of the manifests or the grants and expects the problem named ----

    @Test
    void aKafkaUserWithAGrantTooFewOrTooManyOrMissingIsReported() {
        List<KafkaAcls.Grant> grants = KafkaAcls.read(ACLS);
        List<ObjectNode> base = Kustomize.render(BASE);
        ArrayNode student = acls(base, "student-service");
        for (int i = 0; i < student.size(); i++) {
            if ("student-models".equals(student.get(i).path("resource").path("name").asText())) {
                student.remove(i);
                break;
            }
        }
        ObjectNode extra = acls(base, "teacher-service").addObject();
        extra.putObject("resource").put("type", "topic").put("name", "soft-targets").put("patternType", "literal");
        extra.putArray("operations").add("Read");
        ObjectNode prefixed = (ObjectNode) acls(base, "soft-target-service").get(0).path("resource");
        prefixed.put("patternType", "prefix");
        base.remove(Kustomize.find(base, "KafkaUser", KafkaAcls.OBSERVER));
        assertThat(KafkaAcls.compare(grants, base)).containsExactlyInAnyOrder(
                "deploy/kafka/acls.tsv names principal distill-observer, which has no KafkaUser",
                "deploy/kafka/acls.tsv grants student-service Write on topic student-models, which its KafkaUser does not",
                "KafkaUser teacher-service grants teacher-service Read on topic soft-targets, which deploy/kafka/acls.tsv does not",
                "deploy/kafka/acls.tsv grants soft-target-service Read on topic teacher-models, which its KafkaUser does not",
                "KafkaUser soft-target-service grants soft-target-service Read on topic teacher-models*, which deploy/kafka/acls.tsv does not");
    }

    @Test
    void aDenyRuleAndAUserOutsideAclsTsvAreReported() {
        List<ObjectNode> base = Kustomize.render(BASE);
        ((ObjectNode) acls(base, "teacher-service").get(0)).put("type", "deny");
        ObjectNode stray = Kustomize.find(base, "KafkaUser", "teacher-service").deepCopy();
        stray.with("metadata").put("name", "debugger");
        base.add(stray);
        List<String> problems = KafkaAcls.compare(KafkaAcls.read(ACLS), base);
        assertThat(problems).contains(
                "KafkaUser teacher-service: the ACL on topic teacher-models is not an allow rule for any host on a literal or"
                        + " prefixed name, which acls.tsv cannot express",
                "KafkaUser debugger is not a principal of deploy/kafka/acls.tsv");
    }

    @Test
    void aMissingDeadLetterGrantAWriteTooManyAndAnObserverThatWritesAreReported() {
        List<KafkaAcls.Grant> grants = new ArrayList<>(KafkaAcls.read(ACLS));
        grants.remove(new KafkaAcls.Grant("student-service", "topic", "soft-targets.dlq", false, "Write"));
        grants.add(new KafkaAcls.Grant("student-service", "topic", "teacher-models", false, "Write"));
        grants.add(new KafkaAcls.Grant(KafkaAcls.OBSERVER, "topic", "distill-progress", false, "Write"));
        grants.remove(new KafkaAcls.Grant(KafkaAcls.OBSERVER, "topic", "specialist-ensembles", false, "Read"));
        grants.add(new KafkaAcls.Grant("pipeline", "group", "pipeline", false, "Read"));
        assertThat(KafkaAcls.againstContract(grants, REPO)).containsExactlyInAnyOrder(
                "student-service needs Write on topic soft-targets.dlq, which deploy/kafka/acls.tsv does not grant",
                "deploy/kafka/acls.tsv grants student-service Write on topic teacher-models, which student-service does not need",
                "deploy/kafka/acls.tsv grants distill-observer Write on topic distill-progress; distill-observer only reads the"
                        + " contract's topics and its own groups",
                "distill-observer needs Read on topic specialist-ensembles, which deploy/kafka/acls.tsv does not grant",
                "deploy/kafka/acls.tsv grants pipeline Read on group pipeline, but pipeline is neither a service of the contract"
                        + " nor distill-observer");
    }

    @Test
    void aPlainListenerNoAuthorizationNoUserOperatorAndATlsUserAreReported() {
        List<ObjectNode> base = Kustomize.render(BASE);
        ObjectNode kafka = (ObjectNode) Kustomize.find(base, "Kafka", "distill").path("spec");
        ObjectNode plain = ((ArrayNode) kafka.path("kafka").path("listeners")).addObject();
        plain.put("name", "plain").put("port", 9092).put("type", "internal").put("tls", false);
        ((ObjectNode) kafka.path("kafka")).remove("authorization");
        ((ObjectNode) kafka.path("entityOperator")).remove("userOperator");
        ((ObjectNode) Kustomize.find(base, "KafkaUser", "teacher-service").path("spec").path("authentication")).put("type", "tls");
        assertThat(K8sKafkaSecurity.check(base)).containsExactlyInAnyOrder(
                "Kafka distill: listener plain (port 9092) is not TLS",
                "Kafka distill: listener plain (port 9092) authenticates with none, expected scram-sha-512",
                "Kafka distill: authorization is none, expected simple (ACLs, Kafka's StandardAuthorizer)",
                "Kafka distill: no User Operator (entityOperator.userOperator), so no KafkaUser takes effect",
                "KafkaUser teacher-service: authenticates with tls, expected scram-sha-512",
                "Deployment teacher-service: no SCRAM-SHA-512 KafkaUser teacher-service to log in as");
        assertThat(K8sSecurity.restrictedPods(base)).isEmpty();
    }

    @Test
    void aServiceLoggedInAsAnotherWithoutTlsOrWithoutTheCaIsReported() {
        List<ObjectNode> base = Kustomize.render(BASE);
        for (JsonNode e : container(base, "specialist-service").path("env")) {
            if ("KAFKA_SASL_JAAS_CONFIG".equals(e.path("name").asText())) {
                ((ObjectNode) e.path("valueFrom").path("secretKeyRef")).put("name", "teacher-service");
            }
        }
        ((ArrayNode) container(base, "student-service").path("env")).addObject()
                .put("name", "KAFKA_SECURITY_PROTOCOL").put("value", "PLAINTEXT");
        for (JsonNode m : container(base, "teacher-service").path("volumeMounts")) {
            if ("kafka-ca".equals(m.path("name").asText())) {
                ((ObjectNode) m).put("readOnly", false);
            }
        }
        ArrayNode mounts = (ArrayNode) container(base, "soft-target-service").path("volumeMounts");
        for (int i = 0; i < mounts.size(); i++) {
            if ("kafka-ca".equals(mounts.get(i).path("name").asText())) {
                mounts.remove(i);
                break;
            }
        }
        assertThat(K8sKafkaSecurity.check(base)).containsExactlyInAnyOrder(
                "Deployment specialist-service: KAFKA_SASL_JAAS_CONFIG is secret teacher-service key sasl.jaas.config,"
                        + " expected Secret specialist-service key sasl.jaas.config (its own KafkaUser's)",
                "Deployment student-service: KAFKA_SECURITY_PROTOCOL is the value PLAINTEXT, expected SASL_SSL",
                "Deployment teacher-service: the Kafka CA volume kafka-ca is not mounted read-only",
                "Deployment soft-target-service: KAFKA_SSL_TRUSTSTORE_LOCATION /etc/distill/kafka-ca/ca.crt is not in a volume"
                        + " of Secret distill-cluster-ca-cert key ca.crt");
    }

    @Test
    void aPlaintextBootstrapPortAndAnInlinePasswordAreReported() {
        List<ObjectNode> base = Kustomize.render(BASE);
        ((ObjectNode) Kustomize.find(base, "ConfigMap", "distill-common").path("data"))
                .put("KAFKA_BOOTSTRAP_SERVERS", "distill-kafka-bootstrap:9092").remove("KAFKA_SASL_MECHANISM");
        for (JsonNode e : container(base, "teacher-service").path("env")) {
            if ("KAFKA_SASL_JAAS_CONFIG".equals(e.path("name").asText())) {
                ((ObjectNode) e).remove("valueFrom");
                ((ObjectNode) e).put("value", "org.apache.kafka.common.security.scram.ScramLoginModule required"
                        + " username=\"teacher-service\" password=\"hunter22\";");
            }
        }
        List<String> problems = K8sKafkaSecurity.check(base);
        for (Contract.Service s : Contract.SERVICES) {
            assertThat(problems).contains("Deployment " + s.name() + ": KAFKA_BOOTSTRAP_SERVERS distill-kafka-bootstrap:9092 is not"
                    + " distill-kafka-bootstrap on a TLS listener with scram-sha-512 (ports [9093])");
        }
        assertThat(problems).anyMatch(p -> p.startsWith("Deployment teacher-service: KAFKA_SASL_JAAS_CONFIG is the value"));
        assertThat(problems).contains("Deployment student-service: KAFKA_SASL_MECHANISM is null, expected SCRAM-SHA-512");
        assertThat(K8sChecks.workloads(base)).contains(
                "Deployment student-service container student-service: env KAFKA_SASL_MECHANISM is not set");
        assertThat(K8sSharedState.credentials(base)).containsExactly("Deployment teacher-service container teacher-service:"
                + " credential KAFKA_SASL_JAAS_CONFIG is the value org.apache.kafka.common.security.scram.ScramLoginModule required"
                + " username=\"teacher-service\" password=\"hunter22\";; it belongs in a Secret");
    }

    @Test
    void aUserOperatorContainerThatMayRunAsRootIsReported() {
        List<ObjectNode> base = Kustomize.render(BASE);
        ((ObjectNode) Kustomize.find(base, "Kafka", "distill").path("spec").path("entityOperator").path("template"))
                .remove("userOperatorContainer");
        assertThat(K8sSecurity.restrictedPods(base)).contains(
                "Kafka distill entity operator userOperator container template: allowPrivilegeEscalation is not false",
                "Kafka distill entity operator userOperator container template: the root filesystem is not read-only");
    }

    private static ArrayNode acls(List<ObjectNode> docs, String user) {
        return (ArrayNode) Kustomize.find(docs, "KafkaUser", user).path("spec").path("authorization").path("acls");
    }

    private static JsonNode container(List<ObjectNode> docs, String service) {
        return Kustomize.find(docs, "Deployment", service).path("spec").path("template").path("spec").path("containers").get(0);
    }
}
