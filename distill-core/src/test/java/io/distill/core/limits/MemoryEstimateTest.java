package io.distill.core.limits;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.distill.contract.datasets.InputShape;
import io.distill.contract.requests.Architecture;
import io.distill.contract.requests.ArchitectureBuilder;
import io.distill.contract.requests.ArchitectureType;
import io.distill.contract.requests.ConvLayer;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The estimate against the arithmetic done by hand in docs/api.md ("Limits") and deploy/README.md. */
class MemoryEstimateTest {

    private static final Architecture TEACHER = Architecture.mlp(784, List.of(1200, 1200), 10, 0.2, 0.5);
    private static final Architecture STUDENT = Architecture.plain(784, List.of(800, 800), 10);

    @Test
    void thePapersTeacherAtBatch100NeedsWhatTheWorkedExampleSays() {
        // P = 784*1200+1200 + 1200*1200+1200 + 1200*10+10; the largest layer is the middle one.
        assertThat(TEACHER.parameterCount()).isEqualTo(2_395_210);
        assertThat(MemoryEstimate.largestLayer(TEACHER)).isEqualTo(1_441_200);
        assertThat(MemoryEstimate.units(TEACHER)).isEqualTo(3_194);

        MemoryNeed need = MemoryEstimate.training(TEACHER, 100, false, "hidden", "batchSize");

        // (4 P + largest layer) floats and 64 MiB of slack; at batch 100 scoring's 3 x 1,000 floats per
        // unit beat a step's 10 x 100.
        assertThat(need.parts().get(0).nativeBytes()).isEqualTo((4L * 2_395_210 + 1_441_200) * 4 + (64L << 20))
                .isEqualTo(44_088_160 + 67_108_864);
        assertThat(need.parts().get(1).nativeBytes()).isEqualTo(3_000L * 3_194 * 4).isEqualTo(38_328_000);
        assertThat(need.nativeBytes()).isEqualTo(149_525_024);
        // The batch as built (100 x (784 + 10 + 1) floats), 15,000 scored logits and one layer's bytes.
        assertThat(need.heapBytes()).isEqualTo(100L * 795 * 4 + (15_000L * 10 + 1_441_200) * 4).isEqualTo(6_682_800);
    }

    @Test
    void aCnnsActivationsAreItsFeatureMapsAndItsLargestLayerTheFirstDenseOne() {
        Architecture cnn = ArchitectureBuilder.builder().type(ArchitectureType.CNN).input(InputShape.MNIST)
                .conv(List.of(new ConvLayer(32, 3, 2), new ConvLayer(64, 3, 2))).hidden(List.of(128)).outputs(10)
                .batchNorm(true).build();
        // Feature maps per example: 32 of 28x28 and their pooled 14x14, 64 of 14x14 and their pooled 7x7.
        long maps = 32L * 784 + 32 * 196 + 64L * 196 + 64 * 49;

        assertThat(MemoryEstimate.units(cnn)).isEqualTo(784 + maps + 128 + 10).isEqualTo(47_962);
        assertThat(MemoryEstimate.largestLayer(cnn)).isEqualTo(64L * 49 * 128 + 128);
        MemoryNeed need = MemoryEstimate.training(cnn, 512, false, "architecture", "batchSize");
        // A step at batch 512 holds 10 floats per unit and example: 982 MB, far more than its 0.4M parameters.
        assertThat(need.parts().get(1).nativeBytes()).isEqualTo(10L * 512 * 47_962 * 4);
        assertThat(need.parts().get(0).what()).startsWith("1x28x28-c32k3p2-c64k3p2-128-10+bn training with sgd");
        assertThat(cnn.forwardFlops()).isGreaterThan(Architecture.plain(784, List.of(1200, 1200), 10).forwardFlops());
    }

    @Test
    void aStudent800800AtBatch100NeedsWhatTheWorkedExampleSays() {
        assertThat(STUDENT.parameterCount()).isEqualTo(1_276_810);

        MemoryNeed need = MemoryEstimate.training(STUDENT, 100, false, "hidden", "batchSize");

        assertThat(need.nativeBytes()).isEqualTo((4L * 1_276_810 + 640_800) * 4 + (64L << 20) + 3_000L * 2_394 * 4)
                .isEqualTo(118_829_024);
        assertThat(need.heapBytes()).isEqualTo(318_000 + (150_000L + 640_800) * 4).isEqualTo(3_481_200);
    }

    @Test
    void aLargeBatchCountsTenFloatsPerUnitAndExampleAndAdamOneMoreCopyOfTheModel() {
        MemoryNeed sgd = MemoryEstimate.training(STUDENT, 1_000, false, "hidden", "batchSize");
        MemoryNeed adam = MemoryEstimate.training(STUDENT, 1_000, true, "hidden", "batchSize");

        assertThat(sgd.parts().get(1).nativeBytes()).isEqualTo(10L * 1_000 * 2_394 * 4);
        assertThat(adam.nativeBytes() - sgd.nativeBytes()).isEqualTo(1_276_810L * 4);
    }

    @Test
    void aLoadedModelIsThreeCopiesAndOneLayerMoreAndPassesAddThreeFloatsPerUnitAndExampleAndTheSlack() {
        MemoryNeed loaded = MemoryEstimate.loaded(TEACHER, "teacherModelIds");
        MemoryNeed inference = MemoryEstimate.inference(TEACHER, 1_000, "teacherModelIds");

        assertThat(loaded.nativeBytes()).isEqualTo((3 * 2_395_210L + 1_441_200) * 4);
        assertThat(inference.nativeBytes() - loaded.nativeBytes()).isEqualTo(3L * 1_000 * 3_194 * 4 + (64L << 20));
        assertThat(inference.heapBytes() - loaded.heapBytes()).isEqualTo(1_000L * 794 * 4);
    }

    @Test
    void theProbesTeacherNeedsHundredsOfGibibytesMostOfThemForItsBatch() {
        Architecture probe = Architecture.mlp(784, Collections.nCopies(8, 16_384), 10, 0.2, 0.5);

        MemoryNeed need = MemoryEstimate.training(probe, 65_536, false, "hidden", "batchSize");

        // About 1.9 billion weights, 7.6 GB each copy.
        assertThat(probe.parameterCount()).isEqualTo(1_892_188_170L);
        assertThat(need.byNative().get(0).field()).isEqualTo("batchSize");
        assertThat(need.byNative().get(0).nativeBytes()).isEqualTo(10L * 65_536 * 131_866 * 4);
        assertThat(need.byNative().get(1).nativeBytes()).isEqualTo((4L * 1_892_188_170 + 268_451_840) * 4 + (64L << 20));
        assertThat(need.nativeBytes()).isGreaterThan(300L << 30);
    }

    @Test
    void aBatchOfNoExamplesIsRefusedWithASentence() {
        assertThatThrownBy(() -> MemoryEstimate.training(STUDENT, 0, false, "hidden", "batchSize"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("expected a positive number");
    }

    @Test
    void bytesReadAsAPersonWouldWriteThem() {
        assertThat(MemoryNeed.format(512)).isEqualTo("512 bytes");
        assertThat(MemoryNeed.format(82_416_160)).isEqualTo("78.6 MiB");
        assertThat(MemoryNeed.format(10L << 30)).isEqualTo("10.0 GiB");
        assertThat(MemoryNeed.saturatedMultiply(Long.MAX_VALUE / 2, 4)).isEqualTo(Long.MAX_VALUE);
    }
}
