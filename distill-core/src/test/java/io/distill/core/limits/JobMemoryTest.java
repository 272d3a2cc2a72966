package io.distill.core.limits;

import static org.assertj.core.api.Assertions.assertThat;

import io.distill.contract.datasets.InputShape;
import io.distill.contract.json.Json;
import io.distill.contract.requests.Architecture;
import io.distill.contract.requests.EnsembleRequest;
import io.distill.contract.requests.StudentRequest;
import io.distill.contract.requests.TeacherRequest;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

class JobMemoryTest {

    private static final Architecture TEACHER = Architecture.mlp(784, List.of(1200, 1200), 10, 0.2, 0.5);

    @Test
    void aStudentHoldsTwoKibibytesPerEventOfItsSetOnTheHeapAndNothingWhileTheSetIsUnknown() throws Exception {
        StudentRequest student = Json.mapper().readValue("{\"hidden\": [800, 800], \"inputDropout\": 0,"
                + " \"hiddenDropout\": 0, \"batchSize\": 100, \"optimizer\": \"sgd\"}", StudentRequest.class);

        Architecture net = student.architecture(InputShape.MNIST, 10);
        MemoryNeed unknown = JobMemory.student(student, net, 0, 1);
        MemoryNeed jittered = JobMemory.student(student, net, 550_000, 1);

        assertThat(unknown.heapBytes()).isEqualTo(3_481_200);
        assertThat(jittered.heapBytes() - unknown.heapBytes()).isEqualTo(550_000L * 2_048).isEqualTo(1_126_400_000);
        assertThat(jittered.byHeap().get(0).field()).isEqualTo("transferSetId");
        assertThat(jittered.nativeBytes()).isEqualTo(unknown.nativeBytes()).isEqualTo(118_829_024);
    }

    @Test
    void anEnsembleTeacherScoresOneMemberAtATimeButKeepsEveryMembersLogits() throws Exception {
        TeacherRequest four = teacher(4);

        MemoryNeed scoring = JobMemory.teacherEnsemble(four, TEACHER);

        assertThat(scoring.nativeBytes()).isEqualTo(MemoryEstimate.inference(TEACHER, 1_000, "hidden").nativeBytes());
        assertThat(scoring.byHeap()).anySatisfy(p -> {
            assertThat(p.field()).isEqualTo("ensembleSize");
            assertThat(p.heapBytes()).isEqualTo(4L * 15_000 * 10 * 4);
        });
        assertThat(JobMemory.teacherMember(four, TEACHER).nativeBytes()).isEqualTo(
                MemoryEstimate.training(TEACHER, 256, false, "hidden", "batchSize").nativeBytes());
    }

    @Test
    void aSpecialistTrainsBesideItsGeneralistAndTheEnsembleLoadsEverySpecialistToCombine() throws Exception {
        EnsembleRequest ensemble = Json.mapper().readValue("{\"batchSize\": 128, \"specialists\": 3}",
                EnsembleRequest.class);
        long loaded = (3 * 2_395_210L + 1_441_200) * 4;

        MemoryNeed specialist = JobMemory.specialist(ensemble, TEACHER, 55_000);
        MemoryNeed combine = JobMemory.ensemble(ensemble, TEACHER, 55_000);

        assertThat(specialist.nativeBytes()).isEqualTo(loaded
                + MemoryEstimate.training(TEACHER, 128, false, "", "").nativeBytes());
        assertThat(combine.nativeBytes()).isEqualTo(4 * loaded + 3L * 1_000 * 3_194 * 4 + (64L << 20));
        assertThat(combine.heapBytes()).isGreaterThan(55_000L * 2_048);
    }

    @Test
    void aStreamLoadsEveryTeacherButRunsOnePassAtATime() {
        MemoryNeed one = JobMemory.stream(List.of(LoadedModel.of(TEACHER, 1_000, "teacherJobId")), 55_000, 1,
                5_000, 784, 10, 1);
        MemoryNeed many = JobMemory.stream(Collections.nCopies(32, LoadedModel.of(TEACHER, 1_000, "teacherJobId")),
                55_000, 1, 5_000, 784, 10, 1);

        long loaded = (3 * 2_395_210L + 1_441_200) * 4;
        assertThat(many.nativeBytes() - one.nativeBytes()).isEqualTo(31 * loaded);
        assertThat(one.nativeBytes()).isEqualTo(loaded + 3L * 1_000 * 3_194 * 4 + (64L << 20));
        // The examples, and two chunks of 5,000 events with their own and each teacher's logits.
        assertThat(one.heapBytes() - MemoryEstimate.loaded(TEACHER, "").heapBytes()
                - MemoryEstimate.forward(TEACHER, 1_000, "").heapBytes())
                .isEqualTo(55_000L * 792 + 2L * 5_000 * (792 + 2 * 40));
    }

    @Test
    void anImportedTeacherIsPlannedFromItsFileBesideTheTrainedOnes() {
        LoadedModel trained = LoadedModel.of(TEACHER, 1_000, "teacherModelIds");
        LoadedModel imported = LoadedModel.imported(40_000_000, 784, 10, 1_000, "teacherModelIds");
        MemoryNeed both = JobMemory.stream(List.of(trained, imported), 55_000, 1, 5_000, 784, 10, 1);
        MemoryNeed alone = JobMemory.stream(List.of(trained), 55_000, 1, 5_000, 784, 10, 1);

        // Its file held three times over; its pass (input and output only) is narrower than the trained net's.
        assertThat(imported.loaded().nativeBytes()).isEqualTo(120_000_000L);
        assertThat(imported.forward().nativeBytes()).isEqualTo(3L * 1_000 * 794 * 4 + (64L << 20));
        assertThat(both.nativeBytes() - alone.nativeBytes()).isEqualTo(120_000_000L);
        assertThat(both.heapBytes() - alone.heapBytes()).isEqualTo(40_000_000L + 2L * 5_000 * 40);
        // An import is scored on both splits: the file, one pass, and 15,000 examples' logits.
        MemoryNeed scoring = JobMemory.teacherImport(40_000_000, 784, 10, 1_000, "source");
        assertThat(scoring.nativeBytes()).isEqualTo(120_000_000L + imported.forward().nativeBytes());
        assertThat(scoring.parts()).allSatisfy(part -> assertThat(part.field()).isEqualTo("source"));
    }

    private static TeacherRequest teacher(int members) throws Exception {
        return Json.mapper().readValue("{\"hidden\": [1200, 1200], \"inputDropout\": 0.2, \"hiddenDropout\": 0.5,"
                + " \"batchSize\": 256, \"optimizer\": \"sgd\", \"ensembleSize\": " + members + "}", TeacherRequest.class);
    }
}
