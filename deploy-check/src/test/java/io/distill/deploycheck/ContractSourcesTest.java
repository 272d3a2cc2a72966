package io.distill.deploycheck;

import static org.assertj.core.api.Assertions.assertThat;

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
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Ties the deploy checks to their sources: the topics the services' own configuration and code name,
 * docs/api.md's tables of services and settings, and deploy/README.md's instructions for what
 * kustomize cannot carry.
 */
class ContractSourcesTest {

    private static final Path REPO = Contract.repo();
    /** A topic constant in distill-core's Topics, such as {@code TEACHER_MODELS = "teacher-models"}. */
    private static final Pattern TOPIC_CONSTANT = Pattern.compile("static final String [A-Z_]+ = \"([a-z][a-z.-]*)\";");
    private static final Pattern TICKED = Pattern.compile("`([^`]+)`");

    @Test
    void everyTopicTheServicesConfigureOrNameIsDeployedByComposeAndKubernetes() throws IOException {
        Set<String> used = new TreeSet<>();
        for (Contract.Service s : Contract.SERVICES) {
            Properties p = Contract.properties(s);
            p.stringPropertyNames().stream().filter(k -> k.startsWith("mp.messaging.") && k.endsWith(".topic"))
                    .map(p::getProperty).forEach(used::add);
        }
        Path topics = REPO.resolve("distill-core/src/main/java/io/distill/core/events/Topics.java");
        Matcher m = TOPIC_CONSTANT.matcher(Files.readString(topics, StandardCharsets.UTF_8));
        while (m.find()) {
            used.add(m.group(1));
        }
        assertThat(used).contains("teacher-models", "specialist-ensembles", "transfer-sets.dlq");
        Set<String> kubernetes = K8s.ofKind(Render.k8s("base"), "KafkaTopic").stream()
                .map(t -> t.path("spec").path("topicName").asText()).collect(Collectors.toSet());
        String compose = ComposeChecks.script(Render.compose("docker-compose.yml").path("services").path("kafka-topics"));
        assertThat(kubernetes).containsAll(used);
        for (String topic : used) {
            assertThat(compose).as("docker-compose creates " + topic).contains("--topic " + topic + " ");
        }
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
        for (String line : lines) {
            Matcher m = Pattern.compile("^\\| (`[A-Z_]+`(, `[A-Z_]+`)*) \\|").matcher(line);
            if (m.find()) {
                variables.addAll(ticked(m.group(1)));
            }
        }
        Set<String> known = new TreeSet<>(Contract.ENV);
        known.addAll(Contract.PLATFORM_ENV);
        assertThat(variables).isEqualTo(known);
        assertThat(Contract.ENV).containsAll(Contract.CREDENTIALS);
    }

    @Test
    void deployReadmeCoversWhatTheManifestsCannotCarry() throws IOException {
        String readme = Files.readString(REPO.resolve("deploy/README.md"), StandardCharsets.UTF_8);
        List<String> needed = new ArrayList<>(List.of(
                "deploy/data/Dockerfile", "distill/data:0.1.0", "distill-jwt", "token.sh", "MXNET_LIBRARY_PATH", "Dockerfile.jvm-cuda",
                "kafka-console-consumer", "mvn -B package -DskipTests", "overlays/gpu", "nvidia.com/gpu",
                "CloudNativePG operator", "REPLACE-ME", "behavior: replace", "--scale", "GRANT CREATE ON DATABASE",
                "DISTILL_OBJECT_STORE_ENDPOINT", "AWS_REGION", "Kafka users and secrets", "distill-cluster-ca-cert",
                "sasl.jaas.config", "docker-compose.scram.yml", "rollout restart", "distill-observer-"));
        for (Contract.Service s : Contract.SERVICES) {
            needed.add(String.valueOf(s.port()));
        }
        assertThat(readme).contains(needed);
    }

    private static Set<String> ticked(String cell) {
        Set<String> names = new TreeSet<>();
        Matcher m = TICKED.matcher(cell);
        while (m.find()) {
            names.add(m.group(1));
        }
        return names;
    }
}
