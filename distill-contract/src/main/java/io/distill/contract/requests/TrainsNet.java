package io.distill.contract.requests;

import io.distill.contract.datasets.InputShape;
import java.util.List;

/** A request that trains a net: its {@code architecture}, or the MLP that its {@code hidden} shorthand stands for. */
public interface TrainsNet {

    ArchitectureRequest architecture();

    List<Integer> hidden();

    Double inputDropout();

    Double hiddenDropout();

    /**
     * The net over examples of {@code input}, for {@code classes} classes. An MLP takes the input flattened,
     * so over MNIST it is 784-...-10.
     */
    default Architecture architecture(InputShape input, int classes) {
        return net().toArchitecture(input, classes, inputDropout(), hiddenDropout());
    }

    /** What is wrong with the net over examples of {@code input}; empty when nothing is. */
    default List<FieldProblem> architectureProblems(InputShape input) {
        return net().problems(input);
    }

    private ArchitectureRequest net() {
        return architecture() != null ? architecture() : ArchitectureRequest.mlp(hidden());
    }
}
