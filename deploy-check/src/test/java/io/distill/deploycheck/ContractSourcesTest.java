package io.distill.deploycheck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.distill.deploycheck.KafkaAcls.Grant;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Ties the deploy checks to their sources: the services' configuration and code, docs/api.md, acls.tsv and deploy/README.md. */
class ContractSourcesTest {

    private static final Path REPO = Contract.repo();
    /** A topic constant in distill-contract's Topics, such as {@code TEACHER_MODELS = "teacher-models"}. */
    private static final Pattern TOPIC_CONSTANT = Pattern.compile("static final String [A-Z_]+ = \"([a-z][a-z.-]*)\";");

    @Test
    void everyTopicTheServicesConfigureOrNameIsDeployedByComposeAndKubernetes() throws IOException {
        Set<String> used = new TreeSet<>();
        for (Contract.Service s : Contract.SERVICES) {
            Properties p = Contract.properties(s);
            p.stringPropertyNames().stream().filter(k -> k.startsWith("mp.messaging.") && k.endsWith(".topic")).map(p::getProperty)
                    .forEach(used::add);
        }
        Matcher m = TOPIC_CONSTANT.matcher(Files.readString(REPO.resolve("distill-contract/src/main/java/io/distill/contract/events/Topics.java")));
        while (m.find()) {
            used.add(m.group(1));
        }
        assertThat(used).contains("teacher-models", "specialist-ensembles", "transfer-sets.dlq");
        assertThat(K8s.ofKind(Render.k8s("base"), "KafkaTopic")).extracting(t -> t.path("spec").path("topicName").asText())
                .containsAll(used);
        String compose = ComposeChecks.script(Render.compose("docker-compose.yml").path("services").path("kafka-topics"));
        used.forEach(topic -> assertThat(compose).as("docker-compose creates " + topic).contains("--topic " + topic + " "));
    }

    @Test
    void theContractListsTheSameServicesPortsTopicsAndVariables() throws IOException {
        List<String> all = Files.readAllLines(REPO.resolve("docs/api.md"), StandardCharsets.UTF_8);
        int from = all.indexOf("## Services and settings");
        assertThat(from).as("docs/api.md has a section 'Services and settings'").isNotNegative();
        int to = from + 1;
        while (to < all.size() && !all.get(to).startsWith("## ")) {
            to++;
        }
        List<String> lines = all.subList(from, to);
        for (Contract.Service s : Contract.SERVICES) {
            String[] cells = lines.stream().filter(l -> l.startsWith("| " + s.name() + " |")).findFirst()
                    .orElseThrow(() -> new AssertionError("docs/api.md has no row for " + s.name())).split("\\|");
            assertThat(cells[2].trim()).as(s.name() + " port").isEqualTo(String.valueOf(s.port()));
            assertThat(ticked(cells[4])).as(s.name() + " publishes").isEqualTo(new TreeSet<>(s.publishes()));
            assertThat(ticked(cells[5])).as(s.name() + " consumes").isEqualTo(new TreeSet<>(s.consumes()));
        }
        Set<String> variables = new TreeSet<>();
        lines.stream().filter(l -> l.matches("^\\| (`[A-Z_]+`(, `[A-Z_]+`)*) \\|.*")).forEach(l ->
                variables.addAll(ticked(l.split("\\|")[1])));
        Set<String> known = new TreeSet<>(Contract.ENV);
        known.addAll(Contract.PLATFORM_ENV);
        assertThat(variables).isEqualTo(known);
        assertThat(Contract.ENV).containsAll(Contract.CREDENTIALS);
    }

    @Test
    void aclsTsvGrantsEachServiceWhatItNeedsAndTheObserverOnlyReads() {
        List<Grant> grants = KafkaAcls.read();
        assertThat(KafkaAcls.principals(grants)).containsExactlyInAnyOrder("teacher-service", "soft-target-service",
                "student-service", "specialist-service", KafkaAcls.OBSERVER);
        assertThat(KafkaAcls.againstContract(grants)).isEmpty();
        grants = new ArrayList<>(grants);
        grants.remove(new Grant("student-service", "topic", "soft-targets.dlq", false, "Write"));
        grants.add(new Grant("student-service", "topic", "teacher-models", false, "Write"));
        grants.add(new Grant(KafkaAcls.OBSERVER, "topic", "distill-progress", false, "Write"));
        grants.remove(new Grant(KafkaAcls.OBSERVER, "topic", "specialist-ensembles", false, "Read"));
        grants.add(new Grant("pipeline", "group", "pipeline", false, "Read"));
        assertThat(KafkaAcls.againstContract(grants)).containsExactlyInAnyOrder(
                "student-service needs Write on topic soft-targets.dlq, which deploy/kafka/acls.tsv does not grant",
                "deploy/kafka/acls.tsv grants student-service Write on topic teacher-models, which student-service does not need",
                "deploy/kafka/acls.tsv grants distill-observer Write on topic distill-progress; distill-observer only reads the"
                        + " contract's topics and its own groups",
                "distill-observer needs Read on topic specialist-ensembles, which deploy/kafka/acls.tsv does not grant",
                "deploy/kafka/acls.tsv grants pipeline Read on group pipeline, but pipeline is neither a service of the contract nor"
                        + " distill-observer");
    }

    @Test
    void aclsTsvIsReadSkippingCommentsAndBlankLinesWithOneGrantPerOperation(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("acls.tsv");
        Files.writeString(file, "# principal\ttype\tname\toperations\n\nsvc\ttopic\tt\tRead,Write\nwatcher\tgroup\twatcher-*\tread\n");
        assertThat(KafkaAcls.read(file)).containsExactly(new Grant("svc", "topic", "t", false, "Read"),
                new Grant("svc", "topic", "t", false, "Write"), new Grant("watcher", "group", "watcher-", true, "Read"));
        Files.writeString(file, "svc topic t Read\n");
        assertThatThrownBy(() -> KafkaAcls.read(file)).hasMessageContaining("acls.tsv line 1")
                .hasMessageContaining("four tab-separated cells");
        Files.writeString(file, "svc\ttopic\tt\tAll\n");
        assertThatThrownBy(() -> KafkaAcls.read(file)).hasMessage("acls.tsv line 1 grants 'All', expected Read, Write or Describe.");
    }

    @Test
    void deployReadmeCoversWhatTheManifestsCannotCarry() throws IOException {
        List<String> needed = new ArrayList<>(List.of("deploy/data/Dockerfile", "distill/data:0.1.0", "distill-jwt", "token.sh",
                "MXNET_LIBRARY_PATH", "Dockerfile.jvm-cuda", "kafka-console-consumer", "mvn -B package -DskipTests", "overlays/gpu",
                "nvidia.com/gpu", "CloudNativePG operator", "REPLACE-ME", "behavior: replace", "--scale", "GRANT CREATE ON DATABASE",
                "DISTILL_OBJECT_STORE_ENDPOINT", "AWS_REGION", "Kafka users and secrets", "distill-cluster-ca-cert",
                "sasl.jaas.config", "docker-compose.scram.yml", "rollout restart", "distill-observer-"));
        Contract.SERVICES.forEach(s -> needed.add(String.valueOf(s.port())));
        assertThat(Files.readString(REPO.resolve("deploy/README.md"))).contains(needed);
    }

    private static Set<String> ticked(String cell) {
        Set<String> names = new TreeSet<>();
        Matcher m = Pattern.compile("`([^`]+)`").matcher(cell);
        while (m.find()) {
            names.add(m.group(1));
        }
        return names;
    }
}
