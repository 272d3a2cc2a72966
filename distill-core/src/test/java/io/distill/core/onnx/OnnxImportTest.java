package io.distill.core.onnx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.onnx.proto.OnnxMl;
import io.distill.contract.datasets.ElementType;
import io.distill.contract.datasets.InputShape;
import io.distill.contract.jobs.FieldException;
import io.distill.contract.requests.InputForm;
import io.distill.contract.requests.InputLayout;
import io.distill.contract.requests.ModelOutputs;
import io.distill.contract.requests.ArchitectureBuilder;
import io.distill.contract.requests.ArchitectureType;
import io.distill.contract.requests.ConvLayer;
import io.distill.core.data.ExampleSet;
import io.distill.core.model.Models;
import io.distill.core.testing.TestData;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * A model trained elsewhere: checked against the data set it is to classify, its input laid out and scaled
 * as it says, its probabilities taken as logits.
 */
class OnnxImportTest {

    private static final InputForm NCHW_RAW = new InputForm(InputLayout.NCHW, 1.0, List.of(), List.of(),
            ModelOutputs.LOGITS);

    @Test
    void aModelThatDoesNotFitTheDataSetIsRefusedNamingWhatDoesNotFit() throws Exception {
        byte[] cnn = exportedCnn();

        assertRefused(new byte[] {1, 2, 3}, InputShape.MNIST, 10, NCHW_RAW, "file", "is not an ONNX model");
        assertRefused(cnn, InputShape.MNIST, 20, NCHW_RAW, "outputs", "is (?, 10), expected (batch, 20)");
        assertRefused(cnn, InputShape.MNIST, 10, NCHW_RAW.withLayout(InputLayout.NHWC), "layout",
                "is nhwc, which lays examples of 1x28x28 out as (?, 28, 28, 1), but input input is (?, 1, 28, 28)");
        assertRefused(cnn, InputShape.image(3, 28, 28), 10, NCHW_RAW, "layout", "out as (?, 3, 28, 28)");

        ExampleSet images = TestData.mnist().test().limit(100);
        try (OnnxInference checked = OnnxInference.checked(cnn, InputShape.MNIST, 10, NCHW_RAW);
                OnnxInference exported = new OnnxInference(cnn)) {
            assertThat(checked.logits(images, 30)).containsExactly(exported.logits(images, 100));
        }
    }

    @Test
    void channelsLastInputIsTransposedAndScaledPerChannel() throws Exception {
        // A 3x2x2 image whose value at (c, h, w) is 10c + 2h + w; the model hands its input back, flattened.
        InputShape rgb = InputShape.image(3, 2, 2);
        byte[] values = new byte[12];
        for (int k = 0; k < 12; k++) {
            values[k] = (byte) (10 * (k / 4) + k % 4);
        }
        ExampleSet image = ExampleSet.uint8("rgb", rgb, 12, values, new int[] {0}, new int[] {0});
        byte[] echo = model(new long[] {-1, 2, 2, 3}, "Flatten", 12);
        InputForm torchvision = new InputForm(InputLayout.NHWC, 255.0, List.of(0.1, 0.2, 0.3),
                List.of(0.5, 0.25, 2.0), ModelOutputs.LOGITS);

        float[] seen;
        try (OnnxInference inference = OnnxInference.checked(echo, rgb, 12, torchvision)) {
            seen = inference.logits(image, 1);
        }

        for (int h = 0; h < 2; h++) {
            for (int w = 0; w < 2; w++) {
                for (int c = 0; c < 3; c++) {
                    float v = 10 * c + 2 * h + w;
                    double expected = (v / 255.0 - torchvision.mean().get(c)) / torchvision.std().get(c);
                    assertThat(seen[(h * 2 + w) * 3 + c]).as("(h %d, w %d, c %d)", h, w, c)
                            .isCloseTo((float) expected, within(1e-6f));
                }
            }
        }
    }

    @Test
    void probabilitiesBecomeTheirLogarithmWhichASoftmaxTakesAsLogits() throws Exception {
        float[] x = {1f, 2f, 4f};
        ExampleSet row = ExampleSet.float32("row", InputShape.vector(3), 3, x.clone(), new int[] {2}, new int[] {0});
        byte[] softmax = model(new long[] {-1, 3}, "Softmax", 3);
        InputForm probabilities = new InputForm(InputLayout.FLAT, 1.0, List.of(), List.of(),
                ModelOutputs.PROBABILITIES);

        float[] logits;
        try (OnnxInference inference = OnnxInference.checked(softmax, InputShape.vector(3), 3, probabilities)) {
            logits = inference.logits(row, 1);
        }

        double logSum = Math.log(Math.exp(1) + Math.exp(2) + Math.exp(4));
        for (int c = 0; c < 3; c++) {
            assertThat(logits[c]).isCloseTo((float) (x[c] - logSum), within(1e-5f));
        }
    }

    @Test
    void anImportIsScoredOnBothSplitsAndRefusedWhenAnOutputIsNotFinite() throws Exception {
        // The square root of minus each value: NaN wherever a value is positive, so at the first row with one.
        InputShape three = InputShape.vector(3);
        float[] values = {0, 0, 0, 0, 2, 0};
        ExampleSet rows = ExampleSet.float32("rows", three, 3, values, new int[] {0, 1}, new int[] {7, 8});
        try (OnnxInference nan = OnnxInference.checked(model(new long[] {-1, 3}, "Neg,Sqrt", 3), three, 3,
                InputForm.EXPORTED)) {
            assertThatThrownBy(() -> ImportScoring.score(nan, rows, rows)).isInstanceOfSatisfying(
                    FieldException.class, e -> {
                        assertThat(e.field()).isEqualTo("outputs");
                        assertThat(e.problem()).contains("are NaN for example 8 of the test split (class 1)");
                    });
        }

        // An echo of its input is a classifier whose largest input wins: row 1 is class 1 and row 0 a tie (class 0).
        try (OnnxInference echo = OnnxInference.checked(model(new long[] {-1, 3}, "Identity", 3), three, 3,
                InputForm.EXPORTED)) {
            var metrics = ImportScoring.score(echo, rows, rows);
            assertThat(metrics.testErrors()).isZero();
            assertThat(metrics.testTotal()).isEqualTo(2);
            assertThat(metrics.validationErrors()).isZero();
            assertThat(metrics.confusionMatrix()).containsExactly(List.of(1, 0, 0), List.of(0, 1, 0), List.of(0, 0, 0));
        }
    }

    private static void assertRefused(byte[] model, InputShape shape, int classes, InputForm form, String field,
            String problem) {
        assertThatThrownBy(() -> OnnxInference.checked(model, shape, classes, form))
                .isInstanceOfSatisfying(FieldException.class, e -> {
                    assertThat(e.field()).isEqualTo(field);
                    assertThat(e.problem()).contains(problem);
                });
    }

    /** A small CNN as {@link OnnxExport} writes it, untrained. */
    private static byte[] exportedCnn() {
        Engine engine = TestData.engine();
        var net = ArchitectureBuilder.builder().type(ArchitectureType.CNN).input(InputShape.MNIST)
                .conv(List.of(new ConvLayer(4, 3, 2))).hidden(List.of(8)).outputs(10).build();
        try (Model model = Models.create("import", net, engine, engine.defaultDevice(), 2)) {
            model.getBlock().initialize(model.getNDManager(), ai.djl.ndarray.types.DataType.FLOAT32,
                    new ai.djl.ndarray.types.Shape(1, 784));
            return OnnxExport.export(Models.classifier(model), ElementType.UINT8, Optional.empty(), Map.of());
        }
    }

    /**
     * A model of one chain of {@code ops} over a float input of {@code inputShape} (-1: free), output (batch,
     * outputs); Flatten and Softmax act on axis 1.
     */
    private static byte[] model(long[] inputShape, String ops, int outputs) {
        OnnxMl.TensorShapeProto.Builder in = OnnxMl.TensorShapeProto.newBuilder();
        for (long d : inputShape) {
            in.addDim(d < 0 ? OnnxMl.TensorShapeProto.Dimension.newBuilder().setDimParam("batch")
                    : OnnxMl.TensorShapeProto.Dimension.newBuilder().setDimValue(d));
        }
        OnnxMl.TensorShapeProto.Builder out = OnnxMl.TensorShapeProto.newBuilder()
                .addDim(OnnxMl.TensorShapeProto.Dimension.newBuilder().setDimParam("batch"))
                .addDim(OnnxMl.TensorShapeProto.Dimension.newBuilder().setDimValue(outputs));
        int floatType = OnnxMl.TensorProto.DataType.FLOAT.getNumber();
        OnnxMl.GraphProto.Builder graph = OnnxMl.GraphProto.newBuilder().setName(ops)
                .addInput(OnnxMl.ValueInfoProto.newBuilder().setName("x").setType(OnnxMl.TypeProto.newBuilder()
                        .setTensorType(OnnxMl.TypeProto.Tensor.newBuilder().setElemType(floatType).setShape(in))))
                .addOutput(OnnxMl.ValueInfoProto.newBuilder().setName("y").setType(OnnxMl.TypeProto.newBuilder()
                        .setTensorType(OnnxMl.TypeProto.Tensor.newBuilder().setElemType(floatType).setShape(out))));
        String[] chain = ops.split(",");
        for (int k = 0; k < chain.length; k++) {
            OnnxMl.NodeProto.Builder node = OnnxMl.NodeProto.newBuilder().setOpType(chain[k])
                    .addInput(k == 0 ? "x" : "t" + k).addOutput(k == chain.length - 1 ? "y" : "t" + (k + 1));
            if (chain[k].equals("Flatten") || chain[k].equals("Softmax")) {
                node.addAttribute(OnnxMl.AttributeProto.newBuilder().setName("axis")
                        .setType(OnnxMl.AttributeProto.AttributeType.INT).setI(1));
            }
            graph.addNode(node);
        }
        return OnnxMl.ModelProto.newBuilder().setIrVersion(7).setGraph(graph)
                .addOpsetImport(OnnxMl.OperatorSetIdProto.newBuilder().setVersion(OnnxExport.OPSET)).build()
                .toByteArray();
    }
}
