package io.distill.bench;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.core.Linear;
import io.distill.contract.requests.Architecture;
import io.distill.contract.requests.ArchitectureType;
import io.distill.core.model.Engines;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The same-shape GEMM limit of a training step: how many examples a second the engine's own matrix
 * products (MXNet's, through DJL, on oneDNN and MKL) could train if a step were nothing but them.
 * A step of a dense net with layers of sizes {@code in -> out} and batch {@code b} multiplies, per layer:
 * forward {@code (b x in)(in x out)}, the weights' gradient {@code (out x b)(b x in)} and, but for the
 * first layer (whose input needs no gradient, as in training), the input's gradient
 * {@code (b x out)(out x in)}. Each product runs as the engine's dense-layer operator without a bias
 * ({@code x W^T}, the operator training's forward pass runs), on operands laid out for it.
 *
 * <p>A benchmark, not a test: {@code deploy/bench/gemm-limit.sh}; {@link TrainingThroughput} also
 * measures the limit of each of its dense cases beside it, so its table gives the ratio.
 */
public final class GemmLimit {

    private GemmLimit() {}

    /** A dense net's layer sizes, input first, and its batch size. */
    record Step(List<Integer> sizes, int batch) {

        static Step of(Architecture net, int batch) {
            if (net.type() != ArchitectureType.MLP) {
                throw new IllegalArgumentException("the GEMM limit is for dense nets, not " + net.label());
            }
            List<Integer> sizes = new ArrayList<>();
            sizes.add(net.input().features());
            sizes.addAll(net.hidden());
            sizes.add(net.outputs());
            return new Step(List.copyOf(sizes), batch);
        }

        /** Floating-point operations of the step's products. */
        double flops() {
            double flops = 0;
            for (int l = 0; l + 1 < sizes.size(); l++) {
                flops += 2.0 * batch * sizes.get(l) * sizes.get(l + 1) * (l == 0 ? 2 : 3);
            }
            return flops;
        }

        String label() {
            return sizes.stream().map(String::valueOf).collect(Collectors.joining("-"));
        }
    }

    /** Examples a second of {@code repeats} runs of {@code steps} steps' products each, one rate per run. */
    static List<Double> examplesPerSecond(NDManager parent, Step step, int steps, int repeats) {
        try (NDManager manager = parent.newSubManager()) {
            List<NDArray[]> layers = new ArrayList<>();
            for (int l = 0; l + 1 < step.sizes().size(); l++) {
                long in = step.sizes().get(l);
                long out = step.sizes().get(l + 1);
                long b = step.batch();
                layers.add(new NDArray[] {
                    manager.randomUniform(-1, 1, new Shape(b, in)), // the layer's input
                    manager.randomUniform(-1, 1, new Shape(out, in)), // its weights
                    manager.randomUniform(-1, 1, new Shape(out, b)), // the output's gradient, transposed
                    manager.randomUniform(-1, 1, new Shape(in, b)), // the input, transposed
                    manager.randomUniform(-1, 1, new Shape(b, out)), // the output's gradient
                    manager.randomUniform(-1, 1, new Shape(in, out)), // the weights, transposed
                });
            }
            run(layers, Math.max(1, steps / 5)); // warm-up
            List<Double> rates = new ArrayList<>();
            for (int r = 0; r < repeats; r++) {
                long start = System.nanoTime();
                run(layers, steps);
                rates.add(steps * (double) step.batch() / ((System.nanoTime() - start) / 1e9));
            }
            return rates;
        }
    }

    /** The products of {@code steps} steps, each waited for before it is closed. */
    private static void run(List<NDArray[]> layers, int steps) {
        for (int s = 0; s < steps; s++) {
            for (int l = 0; l < layers.size(); l++) {
                NDArray[] a = layers.get(l);
                product(a[0], a[1]); // forward: (b x in)(out x in)^T
                product(a[2], a[3]); // the weights' gradient: (out x b)(in x b)^T
                if (l > 0) {
                    product(a[4], a[5]); // the input's gradient: (b x out)(in x out)^T
                }
            }
        }
    }

    /** {@code x w^T}, waited for. */
    private static void product(NDArray x, NDArray w) {
        try (NDList out = Linear.linear(x, w)) {
            out.head().getFloat(0, 0);
        }
    }

    static double median(List<Double> values) {
        double[] sorted = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    /**
     * {@code BENCH_STEPS} (200) steps a run, {@code BENCH_REPEATS} (5) runs a shape; the shapes are the
     * training loop's dense cases (784-1200-1200-10 at batch 128 and 256, 784-800-800-10 at 128), or
     * the arguments, each {@code SIZES:BATCH} such as {@code 784-1200-1200-10:128}.
     */
    public static void main(String[] args) {
        int steps = Integer.parseInt(DistillProbe.env("BENCH_STEPS", "200"));
        int repeats = Integer.parseInt(DistillProbe.env("BENCH_REPEATS", "5"));
        List<String> shapes = args.length > 0 ? List.of(args)
                : List.of("784-1200-1200-10:128", "784-1200-1200-10:256", "784-800-800-10:128");
        Engines.configure(Path.of(DistillProbe.env("DJL_CACHE_DIR",
                System.getProperty("user.home") + "/.cache/distill/djl")));
        Engine engine = Engines.engine(Engines.DEFAULT_ENGINE);
        System.out.printf(Locale.ROOT, "%-22s %6s %12s %8s   runs (examples/s)%n", "net", "batch", "examples/s",
                "GFLOP/s");
        try (NDManager manager = engine.newBaseManager(engine.defaultDevice())) {
            for (String shape : shapes) {
                String[] parts = shape.split(":");
                Step step = new Step(Arrays.stream(parts[0].split("-")).map(Integer::valueOf).toList(),
                        Integer.parseInt(parts[1]));
                List<Double> rates = examplesPerSecond(manager, step, steps, repeats);
                double rate = median(rates);
                System.out.printf(Locale.ROOT, "%-22s %6d %12.0f %8.1f   %s%n", step.label(), step.batch(), rate,
                        rate * step.flops() / step.batch() / 1e9,
                        rates.stream().map(r -> String.format(Locale.ROOT, "%.0f", r)).toList());
            }
        }
    }
}
