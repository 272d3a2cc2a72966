package io.distill.core.limits;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.distill.contract.requests.Architecture;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The estimate is an upper bound of what MXNet really takes: each case runs in a fresh JVM
 * ({@link MemoryProbe}) whose heap is resident before it starts, so the growth of its peak resident
 * memory is native memory alone. It must also be at least the net's weights, gradients and velocity,
 * or the measure would not have seen the net at all.
 */
class MeasuredMemoryTest {

    private static final Architecture TEACHER = Architecture.mlp(784, List.of(1200, 1200), 10, 0.2, 0.5);

    @Test
    void thePapersTeacherTrainingAtBatch100TakesLessThanItsEstimate() throws Exception {
        long grown = probe("train", 100, "1200,1200");

        assertThat(grown).isGreaterThan(3 * TEACHER.parameterCount() * 4)
                .isLessThan(MemoryEstimate.training(TEACHER, 100, false, "hidden", "batchSize").nativeBytes());
    }

    @Test
    void aWideNetTrainingOnLargeBatchesTakesLessThanItsEstimate() throws Exception {
        Architecture wide = Architecture.mlp(784, List.of(3000, 3000), 10, 0.2, 0.5);

        long grown = probe("train", 1_000, "3000,3000");

        assertThat(grown).isGreaterThan(3 * wide.parameterCount() * 4)
                .isLessThan(MemoryEstimate.training(wide, 1_000, false, "hidden", "batchSize").nativeBytes());
    }

    @Test
    void thePapersTeacherLoadedAndScoringTakesLessThanItsEstimate() throws Exception {
        long grown = probe("load", 100, "1200,1200");

        assertThat(grown).isGreaterThan(TEACHER.parameterCount() * 4)
                .isLessThan(MemoryEstimate.inference(TEACHER, MemoryEstimate.SCORING_BATCH, "hidden").nativeBytes());
    }

    /** What {@link MemoryProbe} prints for these arguments, run in a JVM of its own. */
    private static long probe(String mode, int batch, String hidden) throws IOException, InterruptedException {
        assumeTrue(Files.isWritable(Path.of("/proc/self/clear_refs")), "needs Linux's /proc/self");
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process process = new ProcessBuilder(java.toString(), "-Xms384m", "-Xmx384m", "-XX:+AlwaysPreTouch",
                "-Dai.djl.offline=true", "-cp", classpath, MemoryProbe.class.getName(), mode,
                Integer.toString(batch), hidden).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(5, TimeUnit.MINUTES)).as("the probe ends").isTrue();
        assertThat(process.exitValue()).as(output).isZero();
        String line = output.lines().filter(l -> l.startsWith("grown ")).reduce((a, b) -> b).orElseThrow(
                () -> new AssertionError("The probe printed no measure:\n" + output));
        return Long.parseLong(line.substring("grown ".length()));
    }
}
