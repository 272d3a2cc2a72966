package io.distill.student;

import static org.assertj.core.api.Assertions.assertThat;

import io.distill.contract.jobs.Job;
import io.distill.contract.requests.StudentMode;
import io.distill.server.jobs.JobStore;
import io.distill.student.jobs.StudentJobs;
import io.distill.testkit.JobsBeforeKinds;
import io.distill.testkit.JobsBeforeKinds.Row;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Student jobs stored before jobs had kinds read after the upgrade as students. */
class JobKindsUpgradeTest {

    @Test
    void aStudentQueuedBeforeTheUpgradeReadsAsAStudent() {
        JobStore store = JobsBeforeKinds.upgrade(List.of(StudentJobs.STUDENT),
                new Row("s-old", null, "QUEUED", "{\"transferSetId\": \"ts-1\", \"hidden\": [64],"
                        + " \"mode\": \"distill\", \"temperature\": 20.0, \"epochs\": 3, \"plan\": null}"),
                new Row("ts-1-s0", null, "FAILED", "{\"mode\": \"distill\", \"temperature\": 0}"));

        Job student = store.get("s-old").orElseThrow();

        assertThat(student.kind()).isEqualTo("student");
        assertThat(StudentJobs.STUDENT.request(student).transferSetId()).isEqualTo("ts-1");
        assertThat(StudentJobs.STUDENT.request(student).mode()).isEqualTo(StudentMode.DISTILL);
        assertThat(StudentJobs.STUDENT.request(student).temperature()).isEqualTo(20.0);
        assertThat(store.get("ts-1-s0").orElseThrow().kind()).isEqualTo("student");
    }
}
