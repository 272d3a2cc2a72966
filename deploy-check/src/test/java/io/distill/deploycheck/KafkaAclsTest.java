package io.distill.deploycheck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.distill.deploycheck.KafkaAcls.Grant;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * deploy/kafka/acls.tsv, the one source of who may do what on Kafka, against what the contract and the services'
 * configuration need (the KafkaUsers that carry it are checked with the rest of deploy/k8s, in {@link K8sChecks}).
 */
class KafkaAclsTest {

    @Test
    void aclsTsvGrantsEachServiceWhatItNeedsAndTheObserverOnlyReads() {
        List<Grant> grants = KafkaAcls.read();
        assertThat(KafkaAcls.principals(grants)).containsExactlyInAnyOrder("teacher-service", "soft-target-service",
                "student-service", "specialist-service", KafkaAcls.OBSERVER);
        assertThat(KafkaAcls.againstContract(grants)).isEmpty();
    }

    @Test
    void aclsTsvIsReadSkippingCommentsAndBlankLinesWithOneGrantPerOperation(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("acls.tsv");
        Files.writeString(file, "# principal\ttype\tname\toperations\n\nsvc\ttopic\tt\tRead,Write\nwatcher\tgroup\twatcher-*\tread\n");
        assertThat(KafkaAcls.read(file)).containsExactly(new Grant("svc", "topic", "t", false, "Read"),
                new Grant("svc", "topic", "t", false, "Write"), new Grant("watcher", "group", "watcher-", true, "Read"));
        Files.writeString(file, "svc topic t Read\n");
        assertThatThrownBy(() -> KafkaAcls.read(file)).hasMessageContaining("acls.tsv line 1").hasMessageContaining("four tab-separated cells");
        Files.writeString(file, "svc\ttopic\tt\tAll\n");
        assertThatThrownBy(() -> KafkaAcls.read(file)).hasMessage("acls.tsv line 1 grants 'All', expected Read, Write or Describe.");
    }

    @Test
    void aMissingDeadLetterGrantAWriteTooManyAndAnObserverThatWritesAreReported() {
        List<Grant> grants = new ArrayList<>(KafkaAcls.read());
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
                "deploy/kafka/acls.tsv grants pipeline Read on group pipeline, but pipeline is neither a service of the contract"
                        + " nor distill-observer");
    }
}
