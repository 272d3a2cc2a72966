package io.distill.core.model;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.distill.contract.requests.Architecture;

/** Creates DJL models holding an initialised {@link Mlp}. */
public final class Models {

    private Models() {}

    /**
     * A new model on {@code device} whose MLP is initialised from {@code seed}. The caller closes it.
     */
    public static Model create(String name, Architecture architecture, Engine engine, Device device, long seed) {
        Model model = Model.newInstance(name, device, engine.getEngineName());
        try {
            Mlp block = new Mlp(architecture);
            model.setBlock(block);
            engine.setRandomSeed((int) seed);
            block.initialize(model.getNDManager(), DataType.FLOAT32, new Shape(1, architecture.inputs()));
            return model;
        } catch (RuntimeException e) {
            model.close();
            throw e;
        }
    }

    /** The model's block as an {@link Mlp}. */
    public static Mlp mlp(Model model) {
        if (model.getBlock() instanceof Mlp mlp) {
            return mlp;
        }
        throw new IllegalArgumentException("Model " + model.getName() + " holds a "
                + model.getBlock().getClass().getSimpleName() + ", expected an Mlp.");
    }
}
