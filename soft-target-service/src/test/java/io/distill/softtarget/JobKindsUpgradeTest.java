package io.distill.softtarget;

import static org.assertj.core.api.Assertions.assertThat;

import io.distill.contract.jobs.Job;
import io.distill.contract.requests.TransferSetRequest;
import io.distill.server.jobs.JobStore;
import io.distill.softtarget.jobs.TransferSets;
import io.distill.testkit.JobsBeforeKinds;
import io.distill.testkit.JobsBeforeKinds.Row;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Transfer-set jobs stored before jobs had kinds read after the upgrade as transfer sets: a request
 * from before some fields existed takes their defaults, and a plan's entry that could not start
 * shows the transfer-set request it asked for.
 */
class JobKindsUpgradeTest {

    @Test
    void setsStoredBeforeTheUpgradeReadAsTransferSets() {
        JobStore store = JobsBeforeKinds.upgrade(List.of(TransferSets.TRANSFER_SET),
                new Row("ts-old", null, "QUEUED", "{\"teacherModelIds\": [\"t-1-0\"], \"limit\": 30}"),
                new Row("tj-ts1", null, "FAILED", "{\"name\": \"small\", \"limit\": 30, \"omitClasses\": [3],"
                        + " \"students\": [{\"mode\": \"distill\", \"temperature\": 0}], \"ensembles\": []}"));

        Job set = store.get("ts-old").orElseThrow();
        TransferSetRequest request = TransferSets.TRANSFER_SET.request(set);
        Job failedEntry = store.get("tj-ts1").orElseThrow();
        TransferSetRequest asked = TransferSets.TRANSFER_SET.request(failedEntry);

        assertThat(set.kind()).isEqualTo("transfer-set");
        assertThat(request.teacherModelIds()).containsExactly("t-1-0");
        assertThat(request.limit()).contains(30);
        assertThat(request.copies()).as("a field newer than the row takes its default").isEqualTo(1);
        assertThat(failedEntry.kind()).isEqualTo("transfer-set");
        assertThat(asked.teacherJobId()).isEqualTo("tj");
        assertThat(asked.teacherModelIds()).isEmpty();
        assertThat(asked.omitClasses()).containsExactly(3);
        assertThat(asked.planOrNull().name()).isEqualTo("small");
        assertThat(asked.planOrNull().students()).singleElement()
                .satisfies(s -> assertThat(s.temperature()).isEqualTo(0.0));
    }
}
