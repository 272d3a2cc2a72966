package io.distill.core.model;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.distill.contract.requests.Architecture;

/** Creates DJL models holding an initialised {@link Classifier}: an {@link Mlp} or a {@link Cnn}. */
public final class Models {

    private Models() {}

    /**
     * A new model on {@code device} whose net, of the architecture's type, is initialised from {@code seed}
     * for flattened batches {@code (B, features)}. The caller closes it.
     */
    public static Model create(String name, Architecture architecture, Engine engine, Device device, long seed) {
        Model model = Model.newInstance(name, device, engine.getEngineName());
        try {
            Classifier block = switch (architecture.type()) {
                case MLP -> new Mlp(architecture);
                case CNN -> new Cnn(architecture);
            };
            model.setBlock(block);
            engine.setRandomSeed((int) seed);
            block.initialize(model.getNDManager(), DataType.FLOAT32, new Shape(1, architecture.inputs()));
            return model;
        } catch (RuntimeException e) {
            model.close();
            throw e;
        }
    }

    /** The model's block as a {@link Classifier}. */
    public static Classifier classifier(Model model) {
        if (model.getBlock() instanceof Classifier classifier) {
            return classifier;
        }
        throw new IllegalArgumentException("Model " + model.getName() + " holds a "
                + model.getBlock().getClass().getSimpleName() + ", expected an Mlp or a Cnn.");
    }
}
