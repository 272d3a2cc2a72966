package io.distill.core.eval;

import static org.assertj.core.api.Assertions.assertThat;

import io.distill.contract.datasets.InputShape;
import io.distill.core.data.ExampleSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class BiasSearchTest {

    /** Four examples of 3 classes; class 2 was never trained on, so its logit is always low. */
    private static final ExampleSet IMAGES = ExampleSet.uint8("toy", InputShape.vector(1), 3, new byte[4],
            new int[] {0, 1, 2, 2}, ExampleSet.sequentialIds(4));
    private static final float[] LOGITS = {
        5, 1, 1,   // class 0, right
        1, 5, 2,   // class 1, right
        4, 1, 2,   // class 2, wrong by 2
        1, 4, 1.5f // class 2, wrong by 2.5
    };

    @Test
    void choosesTheSmallestBiasThatFixesTheMissingClassWithoutBreakingOthers() {
        double bias = BiasSearch.choose(LOGITS, IMAGES, Set.of(2));

        // Above 2.5 both 2s are right; above 3.0 the class-1 example (margin 3) would turn into a 2.
        assertThat(bias).isEqualTo(2.6);
        assertThat(BiasSearch.errors(LOGITS, IMAGES, Set.of(2), 0)).isEqualTo(2);
        assertThat(BiasSearch.errors(LOGITS, IMAGES, Set.of(2), bias)).isZero();
        assertThat(BiasSearch.errors(LOGITS, IMAGES, Set.of(2), 3.5)).isEqualTo(1);
    }

    @Test
    void keepsZeroWhenNothingImproves() {
        float[] right = {5, 1, 1, 1, 5, 1, 1, 1, 5, 1, 1, 5};

        assertThat(BiasSearch.choose(right, IMAGES, Set.of(2))).isZero();
    }

    @Test
    void applyRaisesOnlyTheMissingClasses() {
        float[] raised = BiasSearch.apply(LOGITS, 3, Set.of(2), 1.5);

        assertThat(raised[2]).isEqualTo(2.5f);
        assertThat(raised[0]).isEqualTo(5f);
        assertThat(raised[11]).isEqualTo(3f);
    }
}
