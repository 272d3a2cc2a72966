package io.distill.core.specialist;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ClassClusteringTest {

    private static final List<List<Integer>> BLOCKS = List.of(List.of(0, 3, 7), List.of(1, 5), List.of(2, 4, 9),
            List.of(6, 8));

    @Test
    void kMeansOnTheCovarianceOfPredictionsRecoversPlantedConfusableBlocks() {
        double[][] cov = ClassCovariance.of(confusedPredictions(BLOCKS, 5_000, 11), 10);

        List<List<Integer>> subsets = ClassClustering.cluster(cov, 4, 3, 0, 1);

        assertThat(subsets).containsExactlyInAnyOrderElementsOf(BLOCKS);
    }

    @Test
    void noSubsetExceedsTheCapAndSomeClassesMayBeLeftOut() {
        double[][] cov = ClassCovariance.of(confusedPredictions(BLOCKS, 5_000, 12), 10);

        List<List<Integer>> subsets = ClassClustering.cluster(cov, 2, 3, 0, 1);

        assertThat(subsets).hasSizeLessThanOrEqualTo(2).allSatisfy(s -> assertThat(s).hasSizeBetween(1, 3));
        assertThat(subsets.stream().flatMap(List::stream).distinct().count())
                .isEqualTo(subsets.stream().mapToInt(List::size).sum());
        assertThat(subsets.stream().mapToInt(List::size).sum()).isLessThan(10);
    }

    @Test
    void overlapAddsTheNearestOtherClassesWithinTheCap() {
        double[][] cov = ClassCovariance.of(confusedPredictions(BLOCKS, 5_000, 13), 10);

        List<List<Integer>> subsets = ClassClustering.cluster(cov, 4, 3, 1, 1);

        assertThat(subsets).hasSize(4).allSatisfy(s -> assertThat(s).hasSize(3));
        assertThat(subsets).filteredOn(s -> s.containsAll(List.of(1, 5))).hasSize(1);
    }

    @Test
    void covarianceIsSymmetricWithNonNegativeVariances() {
        double[][] cov = ClassCovariance.of(confusedPredictions(BLOCKS, 1_000, 14), 10);
        for (int a = 0; a < 10; a++) {
            assertThat(cov[a][a]).isNotNegative();
            for (int b = 0; b < 10; b++) {
                assertThat(cov[a][b]).isEqualTo(cov[b][a]);
            }
        }
        // Confused classes covary more with each other than with a class of another block.
        assertThat(cov[0][3]).isGreaterThan(cov[0][1]);
    }

    /**
     * Logits of a model that confuses classes only within their block: each example's true class
     * gets a high logit, another class of its block a middling one, everything else low.
     */
    static float[] confusedPredictions(List<List<Integer>> blocks, int n, long seed) {
        Random random = new Random(seed);
        float[] logits = new float[n * 10];
        for (int i = 0; i < n; i++) {
            List<Integer> block = blocks.get(random.nextInt(blocks.size()));
            int label = block.get(random.nextInt(block.size()));
            int confused = block.get(random.nextInt(block.size()));
            for (int c = 0; c < 10; c++) {
                logits[i * 10 + c] = (float) (0.3 * random.nextGaussian());
            }
            logits[i * 10 + label] += 4;
            logits[i * 10 + confused] += 2.5f + (float) random.nextGaussian();
        }
        return logits;
    }
}
