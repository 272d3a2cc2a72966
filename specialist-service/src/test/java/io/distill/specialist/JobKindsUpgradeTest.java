package io.distill.specialist;

import static org.assertj.core.api.Assertions.assertThat;

import io.distill.contract.jobs.Job;
import io.distill.server.jobs.JobStore;
import io.distill.specialist.jobs.EnsembleJobs;
import io.distill.testkit.JobsBeforeKinds;
import io.distill.testkit.JobsBeforeKinds.Row;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Ensemble jobs stored before jobs had kinds read after the upgrade as their kinds: the ensemble, its
 * specialists, and its control, which only its id told apart.
 */
class JobKindsUpgradeTest {

    private static final String ENSEMBLE = "{\"generalistModelId\": \"t-1-0\", \"transferSetId\": \"ts-1\","
            + " \"specialists\": 2, \"epochs\": 3, \"control\": true, \"plan\": null}";

    @Test
    void anEnsembleAndItsChildrenQueuedBeforeTheUpgradeReadAsTheirKinds() {
        JobStore store = JobsBeforeKinds.upgrade(
                List.of(EnsembleJobs.ENSEMBLE, EnsembleJobs.SPECIALIST, EnsembleJobs.CONTROL),
                new Row("e-old", null, "RUNNING", ENSEMBLE),
                new Row("e-old-sp0", "e-old", "SUCCEEDED",
                        "{\"ensemble\": " + ENSEMBLE + ", \"index\": 0, \"classes\": [3, 5]}"),
                new Row("e-old-sp1", "e-old", "QUEUED",
                        "{\"ensemble\": " + ENSEMBLE + ", \"index\": 1, \"classes\": [4, 9]}"),
                new Row("e-old-control", "e-old", "QUEUED", "{\"ensemble\": " + ENSEMBLE + ", \"length\":"
                        + " {\"specialistExamples\": 600, \"transferSetExamples\": 100, \"epochs\": 6,"
                        + " \"examples\": 600}}"));

        Job ensemble = store.get("e-old").orElseThrow();
        Job specialist = store.get("e-old-sp1").orElseThrow();
        Job control = store.get("e-old-control").orElseThrow();

        assertThat(ensemble.kind()).isEqualTo("ensemble");
        assertThat(EnsembleJobs.ENSEMBLE.request(ensemble).transferSetId()).isEqualTo("ts-1");
        assertThat(specialist.kind()).isEqualTo("specialist");
        assertThat(EnsembleJobs.SPECIALIST.request(specialist).index()).isEqualTo(1);
        assertThat(EnsembleJobs.SPECIALIST.request(specialist).classes()).containsExactly(4, 9);
        assertThat(control.kind()).isEqualTo("control");
        assertThat(EnsembleJobs.CONTROL.request(control).length().epochs()).isEqualTo(6);
        assertThat(EnsembleJobs.CONTROL.request(control).ensemble().generalistModelId()).isEqualTo("t-1-0");
        assertThat(store.children("e-old")).extracting(Job::kind)
                .containsExactlyInAnyOrder("specialist", "specialist", "control");
    }
}
