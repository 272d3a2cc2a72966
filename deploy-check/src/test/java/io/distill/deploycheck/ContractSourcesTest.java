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
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Ties the deploy checks to their sources: the services' configuration and code, docs/api.md and acls.tsv. */
class ContractSourcesTest {

    private static final Path REPO = Contract.repo();
    /** A topic constant in distill-contract's Topics, such as {@code TEACHER_MODELS = "teacher-models"}. */
    private static final Pattern TOPIC_CONSTANT = Pattern.compile("static final String [A-Z_]+ = \"([a-z][a-z.-]*)\";");

    /** The checks deploy every topic of the contract (Strimzi, ComposeChecks): these are all the services use. */
    @Test
    void everyTopicTheServicesConfigureOrNameIsInTheContract() throws IOException {
        Set<String> used = new TreeSet<>();
        for (Contract.Service s : Contract.SERVICES) {
            Properties p = Contract.properties(s);
            p.stringPropertyNames().stream().filter(k -> k.startsWith("mp.messaging.") && k.endsWith(".topic"))
                    .map(p::getProperty).forEach(used::add);
        }
        Path topics = REPO.resolve("distill-contract/src/main/java/io/distill/contract/events/Topics.java");
        TOPIC_CONSTANT.matcher(Files.readString(topics)).results().forEach(m -> used.add(m.group(1)));
        assertThat(used).contains("teacher-models", "specialist-ensembles", "transfer-sets.dlq");
        assertThat(Contract.topics()).containsAll(used);
    }

    @Test
    void theContractListsTheSameServicesPortsTopicsAndVariables() throws IOException {
        List<String> all = Files.readAllLines(REPO.resolve("docs/api.md"), StandardCharsets.UTF_8);
        int from = all.indexOf("## Services and settings");
        assertThat(from).as("docs/api.md has a section 'Services and settings'").isNotNegative();
        List<String> lines = all.subList(from + 1, all.size()).stream().takeWhile(l -> !l.startsWith("## ")).toList();
        for (Contract.Service s : Contract.SERVICES) {
            String[] cells = lines.stream().filter(l -> l.startsWith("| " + s.name() + " |")).findFirst()
                    .orElseThrow(() -> new AssertionError("docs/api.md has no row for " + s.name())).split("\\|");
            assertThat(cells[2].trim()).as(s.name() + " port").isEqualTo(String.valueOf(s.port()));
            assertThat(ticked(cells[4])).as(s.name() + " publishes").isEqualTo(new TreeSet<>(s.publishes()));
            assertThat(ticked(cells[5])).as(s.name() + " consumes").isEqualTo(new TreeSet<>(s.consumes()));
        }
        List<String> variables = lines.stream().filter(l -> l.matches("^\\| (`[A-Z_]+`(, `[A-Z_]+`)*) \\|.*"))
                .flatMap(l -> ticked(l.split("\\|")[1]).stream()).toList();
        assertThat(variables).containsExactlyInAnyOrderElementsOf(Stream.concat(Contract.ENV.stream(),
                Contract.PLATFORM_ENV.stream()).toList());
    }

    @Test
    void aclsTsvGrantsWhatTheServicesAndTheObserverNeedAndNoMore() {
        List<Grant> grants = new ArrayList<>(KafkaAcls.read());
        Problems p = new Problems();
        KafkaAcls.same(p, KafkaAcls.FILE, grants, "the needs", KafkaAcls.needed());
        assertThat(p).isEmpty();
        grants.remove(new Grant("student-service", "topic", "soft-targets.dlq", false, "Write"));
        grants.add(new Grant("student-service", "topic", "teacher-models", false, "Write"));
        grants.add(new Grant(KafkaAcls.OBSERVER, "topic", "distill-progress", false, "Write"));
        grants.add(new Grant("pipeline", "group", "pipeline", false, "Read"));
        KafkaAcls.same(p, KafkaAcls.FILE, grants, "the needs", KafkaAcls.needed());
        KubernetesTest.exactly(p, List.of("the needs: student-service Write on topic soft-targets.dlq, not in",
                "deploy/kafka/acls.tsv: student-service Write on topic teacher-models | pipeline Read on group pipeline"
                + " | distill-observer Write on topic distill-progress"));
    }

    @Test
    void aclsTsvIsReadSkippingCommentsAndBlankLinesWithOneGrantPerOperation(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("acls.tsv");
        Files.writeString(file, "# principal\ttype\tname\toperations\n\nsvc\ttopic\tt\tRead, Write\n"
                + "watcher\tgroup\twatcher-*\tRead\n");
        assertThat(KafkaAcls.read(file)).containsExactly(new Grant("svc", "topic", "t", false, "Read"),
                new Grant("svc", "topic", "t", false, "Write"),
                new Grant("watcher", "group", "watcher-", true, "Read"));
        Files.writeString(file, "svc topic t Read\n");
        assertThatThrownBy(() -> KafkaAcls.read(file)).hasMessageContaining("four tab-separated cells");
    }

    private static Set<String> ticked(String cell) {
        return Pattern.compile("`([^`]+)`").matcher(cell).results().map(m -> m.group(1))
                .collect(Collectors.toCollection(TreeSet::new));
    }
}
