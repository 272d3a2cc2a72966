package io.distill.core.onnx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.Model;
import ai.djl.engine.Engine;
import io.distill.contract.datasets.DatasetScaling;
import io.distill.contract.datasets.ElementType;
import io.distill.contract.datasets.InputShape;
import io.distill.contract.requests.Architecture;
import io.distill.contract.requests.ArchitectureBuilder;
import io.distill.contract.requests.ArchitectureType;
import io.distill.contract.requests.ConvLayer;
import io.distill.core.data.BatchedDataset;
import io.distill.core.data.DatasetArrays;
import io.distill.core.data.Datasets;
import io.distill.core.data.ExampleSet;
import io.distill.core.data.FeatureScaling;
import io.distill.core.data.formats.SourceDataset;
import io.distill.core.data.formats.SplitArrays;
import io.distill.core.eval.Ensembles;
import io.distill.core.eval.Evaluation;
import io.distill.core.eval.Inference;
import io.distill.core.model.Classifier;
import io.distill.core.model.Models;
import io.distill.core.testing.TestData;
import io.distill.core.train.DistillationLoss;
import io.distill.core.train.TrainConfig;
import io.distill.core.train.TrainingLoop;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Exported nets run by ONNX Runtime itself (not DJL) give DJL's logits, within 1e-4, and its predictions,
 * on all 10,000 MNIST test images: an MLP, a CNN with batch norm trained so that its running statistics
 * moved, and an MLP over float features that the graph scales itself.
 */
class OnnxExportTest {

    private static final double TOLERANCE = 1e-4;

    @TempDir
    Path tmp;

    @Test
    void anMlpAndACnnWithBatchNormGiveTheirDjlLogitsUnderOnnxRuntimeOnTheWholeTestSplit() throws Exception {
        Architecture mlp = Architecture.mlp(784, List.of(64, 32), 10, 0.2, 0.5);
        Architecture cnn = ArchitectureBuilder.builder().type(ArchitectureType.CNN).input(InputShape.MNIST)
                .conv(List.of(new ConvLayer(8, 3, 2), new ConvLayer(16, 5, 2))).hidden(List.of(32)).outputs(10)
                .hiddenDropout(0.5).batchNorm(true).build();
        Datasets.Splits mnist = TestData.mnist();

        for (Architecture net : List.of(mlp, cnn, cnn.withBatchNorm(false))) {
            assertSameLogits(net, mnist.train().limit(1_000), mnist.test(), Optional.empty());
        }
    }

    @Test
    void anMlpOverFloatFeaturesScalesTheRawFeaturesInItsGraph() throws Exception {
        // Three noisy clusters in 5 features, on scales far from [0, 1]: the graph must scale as training did.
        Random random = new Random(3);
        int n = 600;
        float[] values = new float[n * 5];
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            labels[i] = i % 3;
            for (int f = 0; f < 5; f++) {
                values[i * 5 + f] = (float) (100 * f + 40 * labels[i] + 10 * random.nextGaussian());
            }
        }
        SourceDataset source = new SourceDataset(InputShape.vector(5), ElementType.FLOAT32, List.of("a", "b", "c"),
                new SplitArrays(null, values, labels), null, new SplitArrays(null, values.clone(), labels.clone()));
        Path arrays = tmp.resolve("clusters.npz");
        Datasets.Splits scaled;
        Optional<FeatureScaling> scaling;
        try (var manager = ai.djl.ndarray.NDManager.newBaseManager(TestData.engine().defaultDevice(), "MXNet")) {
            DatasetArrays.write(DatasetArrays.splits("clusters", source), DatasetScaling.MINMAX, arrays, manager);
            scaled = DatasetArrays.read("clusters", arrays, InputShape.vector(5), 3, manager);
            scaling = DatasetArrays.featureScaling(arrays, manager);
        }
        ExampleSet raw = DatasetArrays.splits("clusters", source).test();

        assertSameLogits(Architecture.mlp(5, List.of(16), 3, 0, 0), scaled.train(), scaled.test(), scaling, raw);
    }

    @Test
    void aTeacherEnsembleIsOneGraphWhoseLogitsAreTheCombinedOnesEitherWay() throws Exception {
        Engine engine = TestData.engine();
        Datasets.Splits mnist = TestData.mnist();
        ExampleSet test = mnist.test().limit(2_000);
        List<Model> members = new ArrayList<>();
        try {
            List<float[]> logits = new ArrayList<>();
            for (int m = 0; m < 3; m++) {
                // Members that differ: seeds, and one a CNN, trained apart.
                Architecture net = m < 2
                        ? ArchitectureBuilder.builder().type(ArchitectureType.MLP).input(InputShape.MNIST)
                                .hidden(List.of(48)).outputs(10).inputDropout(0.2).hiddenDropout(0.5).build()
                        : ArchitectureBuilder.builder().type(ArchitectureType.CNN).input(InputShape.MNIST)
                                .conv(List.of(new ConvLayer(8, 3, 2))).hidden(List.of(32)).outputs(10).build();
                Model model = Models.create("member-" + m, net, engine, engine.defaultDevice(), 7 + m);
                members.add(model);
                TrainingLoop.fit(model, BatchedDataset.builder(mnist.train().limit(1_000)).batchSize(50).shuffle(true)
                        .seed(7 + m).build(), null, TrainConfig.builder().epochs(1).batchSize(50).learningRate(0.05)
                        .momentum(0.9).seed(7 + m).build(), DistillationLoss.hard(), 0, List.of());
                logits.add(Inference.logits(model.getBlock(), model.getNDManager(), test, 1_000));
            }
            List<Classifier> nets = members.stream().map(Models::classifier).toList();
            for (String combine : List.of(Ensembles.ARITHMETIC, Ensembles.GEOMETRIC)) {
                float[] combined = Ensembles.combine(logits, 10, combine);
                byte[] onnx = OnnxExport.exportEnsemble(nets, combine, ElementType.UINT8, Optional.empty(), Map.of());
                float[] ort;
                try (OnnxInference inference = new OnnxInference(onnx)) {
                    ort = inference.logits(test, 1_000);
                }
                double largest = 0;
                for (int i = 0; i < combined.length; i++) {
                    largest = Math.max(largest, Math.abs(ort[i] - combined[i]));
                }
                assertThat(largest).as("%s: the largest logit difference", combine).isLessThan(TOLERANCE);
            }
            assertThatThrownBy(() -> OnnxExport.exportEnsemble(nets, "median", ElementType.UINT8, Optional.empty(),
                    Map.of())).hasMessageContaining("arithmetic or geometric");
        } finally {
            members.forEach(Model::close);
        }
    }

    private void assertSameLogits(Architecture net, ExampleSet train, ExampleSet test, Optional<FeatureScaling> scaling)
            throws Exception {
        assertSameLogits(net, train, test, scaling, test);
    }

    /** Trains {@code net} briefly, exports it, and compares ONNX Runtime on {@code raw} with DJL on {@code test}. */
    private void assertSameLogits(Architecture net, ExampleSet train, ExampleSet test, Optional<FeatureScaling> scaling,
            ExampleSet raw) throws Exception {
        Engine engine = TestData.engine();
        TrainConfig config = TrainConfig.builder().epochs(1).batchSize(50).learningRate(0.05).momentum(0.9).seed(4)
                .build();
        float[] djl;
        byte[] onnx;
        try (Model model = Models.create("onnx", net, engine, engine.defaultDevice(), 4)) {
            TrainingLoop.fit(model, BatchedDataset.builder(train).batchSize(50).shuffle(true).seed(4).build(), null,
                    config, DistillationLoss.hard(), 0, List.of());
            djl = Inference.logits(model.getBlock(), model.getNDManager(), test, 1_000);
            onnx = OnnxExport.export(Models.classifier(model), test.type(), scaling, Map.of("distill.model_id", "onnx"));
        }

        float[] ort;
        try (OnnxInference inference = new OnnxInference(onnx)) {
            assertThat(inference.properties()).containsEntry("distill.model_id", "onnx");
            ort = inference.logits(raw, 1_000);
        }

        assertThat(ort).as("%s: ONNX Runtime's logits", net.label()).hasSameSizeAs(djl);
        double largest = 0;
        int classes = net.outputs();
        for (int i = 0; i < test.size(); i++) {
            for (int c = 0; c < classes; c++) {
                largest = Math.max(largest, Math.abs(ort[i * classes + c] - djl[i * classes + c]));
            }
            assertThat(Evaluation.argMax(ort, i * classes, classes)).as("%s: example %d's class", net.label(), i)
                    .isEqualTo(Evaluation.argMax(djl, i * classes, classes));
        }
        assertThat(largest).as("%s: the largest logit difference", net.label()).isLessThan(TOLERANCE);
    }
}
