package io.distill.server.limits;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.distill.contract.datasets.InputShape;
import io.distill.contract.json.Json;
import io.distill.contract.requests.Architecture;
import io.distill.contract.requests.EnsembleRequest;
import io.distill.contract.requests.StudentRequest;
import io.distill.contract.requests.TeacherRequest;
import io.distill.core.limits.JobMemory;
import io.distill.core.limits.LoadedModel;
import io.distill.core.limits.MemoryNeed;
import io.distill.server.config.LimitsConfig;
import io.quarkus.runtime.configuration.MemorySize;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The default limits of the machines distill runs on, and the jobs of run.sh's presets against them:
 * the teacher 784-1200-1200-10 (up to 4 members), students 800-800 and 1200-1200, specialists of the
 * teacher, transfer sets of the training split with up to 32 copies.
 */
class BudgetTest {

    private static final long GIB = 1L << 30;
    private static final Defaults DEFAULTS = new Defaults(Optional.empty(), 0.5, Optional.empty(), 0.75);
    /** run.sh: a 24 GiB machine, each service with -Xmx4g. */
    private static final ReplicaMemory RUN_SH = new ReplicaMemory(24 * GIB, 4 * GIB);
    /** deploy/k8s: a 6 GiB limit and MaxRAMPercentage=40. */
    private static final ReplicaMemory KUBERNETES = new ReplicaMemory(6 * GIB, (long) (0.4 * 6 * GIB));
    /** deploy/docker-compose.yml: a 4 GiB limit and the images' MaxRAMPercentage=40. */
    private static final ReplicaMemory COMPOSE = new ReplicaMemory(4 * GIB, (long) (0.4 * 4 * GIB));
    /** soft-target-service's 3 GiB, in Kubernetes and docker-compose alike. */
    private static final ReplicaMemory SOFT_TARGETS = new ReplicaMemory(3 * GIB, (long) (0.4 * 3 * GIB));
    private static final Architecture TEACHER = Architecture.mlp(784, List.of(1200, 1200), 10, 0.2, 0.5);

    @Test
    void a24GibMachineWithFourGibHeapsGivesAJobTenGibNativeAndThreeGibHeap() {
        Budget budget = Budget.of(DEFAULTS, RUN_SH, 1);

        assertThat(budget.nativePerJob()).isEqualTo(10 * GIB);
        assertThat(budget.heapPerJob()).isEqualTo(3 * GIB);
        assertThat(budget.nativeOrigin()).isEqualTo("0.5 x (24.0 GiB of memory - 4.0 GiB of maximum heap)");
    }

    @Test
    void workersShareTheReplicasMemoryEquallyAndASetLimitWinsOverTheDerivedOne() {
        Defaults set = new Defaults(Optional.of(new MemorySize(BigInteger.valueOf(12 * GIB))), 0.5, Optional.empty(), 0.75);

        Budget budget = Budget.of(set, RUN_SH, 4);

        assertThat(budget.nativePerJob()).isEqualTo(3 * GIB);
        assertThat(budget.heapPerJob()).isEqualTo(3 * GIB / 4);
        assertThat(budget.nativeOrigin()).isEqualTo("DISTILL_LIMITS_NATIVE_MEMORY");
    }

    @Test
    void everyJobOfRunShsPresetsFitsA24GibMachineAndTheKubernetesAndComposeReplicas() throws Exception {
        List<MemoryNeed> jobs = new ArrayList<>();
        for (int members : new int[] {1, 4}) {
            TeacherRequest teacher = teacher(List.of(1200, 1200), 256, members);
            Architecture net = teacher.architecture(InputShape.MNIST, 10);
            jobs.add(JobMemory.teacherMember(teacher, net));
            jobs.add(JobMemory.teacherEnsemble(teacher, net));
        }
        // --quick: 2,000 examples, 4 copies, batch 50; --paper: 55,000, 10 copies, batch 128.
        for (List<Integer> hidden : List.of(List.of(800, 800), List.of(1200, 1200))) {
            for (int batch : new int[] {50, 128, 256}) {
                for (long events : new long[] {2_000, 8_000, 55_000, 550_000}) {
                    StudentRequest student = student(hidden, batch);
                    jobs.add(JobMemory.student(student, student.architecture(InputShape.MNIST, 10), events, 1));
                }
            }
        }
        EnsembleRequest ensemble = Json.mapper().readValue("{\"batchSize\": 128, \"specialists\": 3}",
                EnsembleRequest.class);
        jobs.add(JobMemory.specialist(ensemble, TEACHER, 55_000));
        jobs.add(JobMemory.ensemble(ensemble, TEACHER, 55_000));
        List<MemoryNeed> streams = new ArrayList<>();
        for (int copies : new int[] {1, 10, 32}) {
            streams.add(JobMemory.stream(Collections.nCopies(4, LoadedModel.of(TEACHER, 1_000, "teacherJobId")), 55_000,
                    copies, 5_000, 784, 10, 1));
        }

        for (ReplicaMemory replica : List.of(RUN_SH, KUBERNETES, COMPOSE)) {
            Budget budget = Budget.of(DEFAULTS, replica, 1);
            assertThat(jobs).allSatisfy(job -> assertThatCode(() -> budget.require(job)).doesNotThrowAnyException());
        }
        for (ReplicaMemory replica : List.of(RUN_SH, SOFT_TARGETS)) {
            Budget budget = Budget.of(DEFAULTS, replica, 1);
            assertThat(streams).allSatisfy(job -> assertThatCode(() -> budget.require(job)).doesNotThrowAnyException());
        }
    }

    @Test
    void theProbesTeacherIsRefusedNamingBatchSizeThenHiddenAndTheLimit() throws Exception {
        TeacherRequest probe = teacher(Collections.nCopies(8, 16_384), 65_536, 32);
        Budget budget = Budget.of(DEFAULTS, RUN_SH, 1);

        assertThatThrownBy(() -> budget.require(JobMemory.teacherMember(probe,
                probe.architecture(InputShape.MNIST, 10))))
                .isInstanceOfSatisfying(OverLimitException.class, e -> {
                    assertThat(e.refusals()).extracting(OverLimitException.Refusal::field)
                            .containsExactly("batchSize", "hidden");
                    assertThat(e.refusals().get(0).error()).contains("of native memory")
                            .contains("over the 10.0 GiB this replica allows one job")
                            .contains("0.5 x (24.0 GiB of memory - 4.0 GiB of maximum heap)");
                });
    }

    @Test
    void aJobOverTheLimitOnlyTogetherIsBlamedOnItsLargestPart() throws Exception {
        StudentRequest student = student(List.of(800, 800), 128);
        Budget small = new Budget(10 * GIB, 100L << 20, 1, "test", "test");

        // 50,000 events at 2,048 bytes are 97.7 MiB; the student's batches and scores (3.4 MiB) tip it over.
        assertThatThrownBy(() -> small.require(JobMemory.student(student,
                student.architecture(InputShape.MNIST, 10), 50_000, 1)))
                .isInstanceOfSatisfying(OverLimitException.class, e -> assertThat(e.refusals())
                        .singleElement().satisfies(r -> {
                            assertThat(r.field()).isEqualTo("transferSetId");
                            assertThat(r.error()).contains("Java heap").contains("100.0 MiB");
                        }));
    }

    @Test
    void aShareOutsideZeroToOneIsRefusedWithASentence() {
        assertThatThrownBy(() -> Budget.of(new Defaults(Optional.empty(), 1.5, Optional.empty(), 0.75), RUN_SH, 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("native-fraction is 1.5");
    }

    private static TeacherRequest teacher(List<Integer> hidden, int batch, int members) throws Exception {
        return Json.mapper().readValue("{\"hidden\": " + hidden + ", \"inputDropout\": 0.2, \"hiddenDropout\": 0.5,"
                + " \"batchSize\": " + batch + ", \"optimizer\": \"sgd\", \"ensembleSize\": " + members + "}",
                TeacherRequest.class);
    }

    private static StudentRequest student(List<Integer> hidden, int batch) throws Exception {
        return Json.mapper().readValue("{\"hidden\": " + hidden + ", \"inputDropout\": 0, \"hiddenDropout\": 0,"
                + " \"batchSize\": " + batch + ", \"optimizer\": \"sgd\"}", StudentRequest.class);
    }

    private record Defaults(Optional<MemorySize> nativeMemory, double nativeFraction, Optional<MemorySize> heapMemory,
            double heapFraction) implements LimitsConfig {

        @Override
        public double datasetFraction() {
            return 0.25;
        }
    }
}
