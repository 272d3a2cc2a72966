package io.distill.contract.requests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.distill.contract.jobs.FieldException;
import io.distill.contract.json.Json;
import java.util.Collections;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class RequestSizeTest {

    @Test
    void runShsLargestPlanThePaperPresetWithNinetyNineSeedsFitsWithAQuarterToSpare() throws Exception {
        TeacherRequest paper = Json.strict(TeacherRequest.class).readValue(runShPlan(99));

        RequestSize.require(paper, paper.planOrNull());

        // About 171,000 bytes: every absent field is written as null.
        assertThat(RequestSize.fits(paper, Bounds.MAX_REQUEST_BYTES * 3L / 4)).isTrue();
        assertThat(paper.planOrNull().transferSets().get(0).students()).hasSize(198);
    }

    @Test
    void aPlanOverTheLimitIsRefusedNamingPlanAndTheLimit() {
        StudentRequest student = StudentRequestBuilder.builder().mode(StudentMode.DISTILL).temperature(20.0).seed(1L)
                .build();
        PlannedTransferSet set = PlannedTransferSetBuilder.builder().name("many")
                .students(Collections.nCopies(Bounds.MAX_STUDENTS, student)).build();
        Plan plan = new Plan(Collections.nCopies(Bounds.MAX_TRANSFER_SETS, set));

        assertThatThrownBy(() -> RequestSize.require(plan, plan)).isInstanceOfSatisfying(FieldException.class,
                e -> {
                    assertThat(e.field()).isEqualTo("plan");
                    assertThat(e.problem()).contains("262,144 bytes").contains("256 KiB");
                });
    }

    @Test
    void nestedPlansThatWouldWriteGigabytesAreRefusedAfterTheFirstQuarterMebibyte() {
        // Each student carries the whole plan below it: 4,096 students per level, four levels deep.
        Plan plan = new Plan(java.util.List.of());
        for (int level = 0; level < 4; level++) {
            StudentRequest student = StudentRequestBuilder.builder().plan(Optional.of(plan)).build();
            PlannedTransferSet set = PlannedTransferSetBuilder.builder()
                    .students(Collections.nCopies(Bounds.MAX_STUDENTS, student)).build();
            plan = new Plan(Collections.nCopies(Bounds.MAX_TRANSFER_SETS, set));
        }

        assertThat(RequestSize.fits(plan, Bounds.MAX_REQUEST_BYTES)).isFalse();
    }

    /** The body run.sh --paper posts, as its heredoc writes it, with {@code seeds} seeds per student. */
    static String runShPlan(int seeds) {
        String student = "\"hidden\": [800,800], \"epochs\": 60, \"batchSize\": 128";
        String augmented = "\"hidden\": [800,800], \"epochs\": 12, \"batchSize\": 128";
        String distill = "\"mode\": \"distill\", \"temperature\": 20";
        return "{\"hidden\": [1200,1200], \"epochs\": 150, \"trainLimit\": null,"
                + " \"plan\": {\"transferSets\": ["
                + "{\"name\": \"full\", \"limit\": null, \"students\": [" + eachSeed(seeds, "\"mode\": \"hard\"", student)
                + ", " + eachSeed(seeds, distill, student) + "],"
                + " \"ensembles\": [{\"specialists\": 3, \"epochs\": 10, \"control\": true}]},"
                + "{\"name\": \"jittered\", \"limit\": null, \"copies\": 10, \"jitter\": 2,"
                + " \"students\": [" + eachSeed(seeds, distill, augmented) + "]},"
                + "{\"name\": \"no-threes\", \"omitClasses\": [3], \"limit\": null,"
                + " \"students\": [" + eachSeed(seeds, distill + ", \"biasAdjust\": \"auto\"", student) + "]},"
                + "{\"name\": \"sevens-and-eights\", \"onlyClasses\": [7, 8], \"limit\": null,"
                + " \"students\": [" + eachSeed(seeds, distill + ", \"biasAdjust\": \"auto\"", student) + "]}]}}";
    }

    private static String eachSeed(int seeds, String what, String shape) {
        return IntStream.rangeClosed(1, seeds).mapToObj(s -> "{" + what + ", " + shape + ", \"seed\": " + s + "}")
                .collect(Collectors.joining(", "));
    }
}
