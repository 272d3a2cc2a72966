package io.distill.core.onnx;

import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;
import ai.onnx.proto.OnnxMl;
import com.google.protobuf.ByteString;
import io.distill.contract.datasets.ElementType;
import io.distill.contract.datasets.InputShape;
import io.distill.contract.requests.Architecture;
import io.distill.contract.requests.ArchitectureType;
import io.distill.contract.requests.ConvLayer;
import io.distill.core.data.FeatureScaling;
import io.distill.core.eval.Ensembles;
import io.distill.core.model.Classifier;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A trained classifier (an {@code Mlp} or a {@code Cnn}) as an ONNX model, which any ONNX runtime serves.
 *
 * <p>The graph takes {@value #INPUT}, float32 of shape {@code (batch, C, H, W)} for a set of images or
 * {@code (batch, F)} for one of features, holding the raw values as the data set stores them: pixels 0-255,
 * or features unscaled. Its first nodes scale them as training did (pixels divided by 255; features less
 * their offset, divided by their scale), so that the net sees what it was trained on. It gives
 * {@value #LOGITS} and their softmax, {@value #PROBABILITIES}, both {@code (batch, classes)}. Dropout is
 * absent (inference), batch norm uses its running statistics. The opset is {@value #OPSET}.
 */
public final class OnnxExport {

    public static final String INPUT = "input";
    public static final String LOGITS = "logits";
    public static final String PROBABILITIES = "probabilities";
    public static final int OPSET = 13;
    /** ONNX's IR version 7, the one opset 13 came with, which every runtime since 2020 reads. */
    private static final int IR_VERSION = 7;
    /** DJL's batch-norm epsilon (its builder's default, which {@code Cnn} keeps). */
    private static final float BATCH_NORM_EPSILON = 1e-5f;
    private static final float PIXEL_RANGE = 255f;

    private final OnnxMl.GraphProto.Builder graph = OnnxMl.GraphProto.newBuilder();
    private int names;

    private OnnxExport() {}

    /**
     * The serialised ONNX model of {@code net}.
     *
     * @param net      the trained net, on any device
     * @param type     how its data set stores examples: uint8 images or float32 features
     * @param scaling  a float32 set's feature scaling; empty for uint8
     * @param metadata the model's metadata properties (id, data set, class names...), written as they are
     */
    public static byte[] export(Classifier net, ElementType type, Optional<FeatureScaling> scaling,
            Map<String, String> metadata) {
        OnnxExport export = new OnnxExport();
        Architecture architecture = net.architecture();
        export.graph.setName(architecture.label());
        String logits = export.logits(net, export.scaledInput(architecture.input(), type, scaling));
        return export.model(logits, architecture.outputs(), metadata);
    }

    /**
     * The serialised ONNX model of an ensemble of nets over one data set, as one graph: each member's
     * log-probabilities, combined as {@link io.distill.core.eval.Ensembles#combine} combines them
     * ({@code arithmetic}: the log of the mean of the probabilities, computed as a log-sum-exp;
     * {@code geometric}: the renormalised mean of the log-probabilities). Its {@value #LOGITS} are the log of
     * the combined distribution, as a transfer set's events carry for an ensemble.
     */
    public static byte[] exportEnsemble(List<Classifier> members, String combine, ElementType type,
            Optional<FeatureScaling> scaling, Map<String, String> metadata) {
        if (members.isEmpty()) {
            throw new IllegalArgumentException("An ensemble needs at least one member, got none.");
        }
        Architecture first = members.get(0).architecture();
        for (Classifier member : members) {
            Architecture a = member.architecture();
            if (!a.input().equals(first.input()) || a.outputs() != first.outputs()) {
                throw new IllegalArgumentException("Ensemble members take " + a.input().label() + " to " + a.outputs()
                        + " classes and " + first.input().label() + " to " + first.outputs() + "; they must agree.");
            }
        }
        OnnxExport export = new OnnxExport();
        export.graph.setName("ensemble of " + members.size() + ": " + first.label());
        String x = export.scaledInput(first.input(), type, scaling);
        String axis = export.int64Initializer("member_axis", 1);
        List<String> stacked = new ArrayList<>();
        for (Classifier member : members) {
            String logProbabilities = export.node("LogSoftmax", List.of(export.logits(member, x)),
                    List.of(intAttribute("axis", 1)));
            stacked.add(export.node("Unsqueeze", List.of(logProbabilities, axis), List.of()));
        }
        String all = export.node("Concat", stacked, List.of(intAttribute("axis", 1)));
        String logits = switch (combine) {
            case Ensembles.ARITHMETIC -> export.node("Sub", List.of(
                    export.node("ReduceLogSumExp", List.of(all), List.of(intsAttribute("axes", 1),
                            intAttribute("keepdims", 0))),
                    export.initializer("log_members", List.of(), new float[] {(float) Math.log(members.size())})),
                    List.of());
            case Ensembles.GEOMETRIC -> export.node("LogSoftmax", List.of(export.node("ReduceMean", List.of(all),
                    List.of(intsAttribute("axes", 1), intAttribute("keepdims", 0)))), List.of(intAttribute("axis", 1)));
            default -> throw new IllegalArgumentException("combine is " + combine
                    + ", expected arithmetic or geometric.");
        };
        return export.model(logits, first.outputs(), metadata);
    }

    /** The net's layers applied to {@code x}, the scaled input; returns its logits. */
    private String logits(Classifier net, String x) {
        Architecture architecture = net.architecture();
        Iterator<Block> layers = net.getChildren().values().stream()
                .filter(b -> b instanceof Conv2d || b instanceof BatchNorm || b instanceof Linear).iterator();
        if (architecture.type() == ArchitectureType.CNN) {
            for (ConvLayer conv : architecture.conv()) {
                x = convolution(x, conv, (Conv2d) layers.next(), architecture.batchNorm() ? (BatchNorm) layers.next()
                        : null);
            }
        }
        if (architecture.type() == ArchitectureType.CNN || architecture.input().isImage()) {
            x = node("Flatten", List.of(x), List.of(intAttribute("axis", 1)));
        }
        for (int i = 0; i < architecture.hidden().size(); i++) {
            x = node("Relu", List.of(dense(x, (Linear) layers.next())), List.of());
        }
        String logits = dense(x, (Linear) layers.next());
        if (layers.hasNext()) {
            throw new IllegalStateException("Net " + architecture.label() + " has more layers than its architecture.");
        }
        return logits;
    }

    /** The graph's outputs, {@code logits} and their softmax, and the model around the graph. */
    private byte[] model(String logits, int classes, Map<String, String> metadata) {
        graph.addNode(OnnxMl.NodeProto.newBuilder().setOpType("Identity").addInput(logits).addOutput(LOGITS));
        graph.addNode(OnnxMl.NodeProto.newBuilder().setOpType("Softmax").addInput(LOGITS)
                .addOutput(PROBABILITIES).addAttribute(intAttribute("axis", 1)));
        graph.addOutput(tensorValue(LOGITS, List.of(classes)));
        graph.addOutput(tensorValue(PROBABILITIES, List.of(classes)));
        OnnxMl.ModelProto.Builder model = OnnxMl.ModelProto.newBuilder().setIrVersion(IR_VERSION)
                .setProducerName("distill").setGraph(graph)
                .addOpsetImport(OnnxMl.OperatorSetIdProto.newBuilder().setDomain("").setVersion(OPSET));
        metadata.forEach((k, v) -> model.addMetadataProps(
                OnnxMl.StringStringEntryProto.newBuilder().setKey(k).setValue(v)));
        return model.build().toByteArray();
    }

    /** Declares the input and scales it as training scaled the set's values; returns the scaled tensor. */
    private String scaledInput(InputShape shape, ElementType type, Optional<FeatureScaling> scaling) {
        graph.addInput(tensorValue(INPUT, shape.dims()));
        if (type == ElementType.UINT8) {
            return node("Div", List.of(INPUT, initializer("pixel_range", List.of(), new float[] {PIXEL_RANGE})),
                    List.of());
        }
        FeatureScaling s = scaling.orElseThrow(() -> new IllegalArgumentException(
                "A net over float32 features needs its set's feature scaling to be exported."));
        String centred = node("Sub", List.of(INPUT, initializer("feature_offset", shape.dims(), s.offset())), List.of());
        return node("Div", List.of(centred, initializer("feature_scale", shape.dims(), s.scale())), List.of());
    }

    /** Convolution (stride 1, same padding), then batch norm if the net has it, ReLU and max-pooling. */
    private String convolution(String x, ConvLayer conv, Conv2d layer, BatchNorm norm) {
        int pad = conv.kernel() / 2;
        List<String> inputs = new ArrayList<>(List.of(x, parameter(layer, "weight")));
        if (norm == null) {
            inputs.add(parameter(layer, "bias"));
        }
        String y = node("Conv", inputs, List.of(intsAttribute("kernel_shape", conv.kernel(), conv.kernel()),
                intsAttribute("pads", pad, pad, pad, pad), intsAttribute("strides", 1, 1)));
        if (norm != null) {
            y = node("BatchNormalization", List.of(y, parameter(norm, "gamma"), parameter(norm, "beta"),
                    parameter(norm, "runningMean"), parameter(norm, "runningVar")),
                    List.of(OnnxMl.AttributeProto.newBuilder().setName("epsilon")
                            .setType(OnnxMl.AttributeProto.AttributeType.FLOAT).setF(BATCH_NORM_EPSILON).build()));
        }
        y = node("Relu", List.of(y), List.of());
        if (conv.pool() > 1) {
            y = node("MaxPool", List.of(y), List.of(intsAttribute("kernel_shape", conv.pool(), conv.pool()),
                    intsAttribute("strides", conv.pool(), conv.pool())));
        }
        return y;
    }

    /** x W^T + b, as DJL's {@code Linear} computes it. */
    private String dense(String x, Linear layer) {
        return node("Gemm", List.of(x, parameter(layer, "weight"), parameter(layer, "bias")),
                List.of(intAttribute("transB", 1)));
    }

    private String parameter(Block layer, String name) {
        Parameter p = layer.getParameters().get(name);
        if (p == null || !p.isInitialized()) {
            throw new IllegalStateException("Layer " + layer + " has no initialised " + name + ".");
        }
        List<Integer> dims = new ArrayList<>();
        for (long d : p.getArray().getShape().getShape()) {
            dims.add(Math.toIntExact(d));
        }
        return initializer(name, dims, p.getArray().toFloatArray());
    }

    private String initializer(String name, List<Integer> dims, float[] values) {
        String unique = name + "_" + names++;
        ByteBuffer bytes = ByteBuffer.allocate(values.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        bytes.asFloatBuffer().put(values);
        OnnxMl.TensorProto.Builder tensor = OnnxMl.TensorProto.newBuilder().setName(unique)
                .setDataType(OnnxMl.TensorProto.DataType.FLOAT.getNumber()).setRawData(ByteString.copyFrom(bytes));
        dims.forEach(tensor::addDims);
        graph.addInitializer(tensor);
        return unique;
    }

    /** A one-dimensional int64 constant, such as the axes Unsqueeze takes as an input. */
    private String int64Initializer(String name, long... values) {
        String unique = name + "_" + names++;
        OnnxMl.TensorProto.Builder tensor = OnnxMl.TensorProto.newBuilder().setName(unique)
                .setDataType(OnnxMl.TensorProto.DataType.INT64.getNumber()).addDims(values.length);
        for (long v : values) {
            tensor.addInt64Data(v);
        }
        graph.addInitializer(tensor);
        return unique;
    }

    private String node(String op, List<String> inputs, List<OnnxMl.AttributeProto> attributes) {
        String output = op.toLowerCase() + "_" + names++;
        graph.addNode(OnnxMl.NodeProto.newBuilder().setOpType(op).setName(output).addAllInput(inputs)
                .addOutput(output).addAllAttribute(attributes));
        return output;
    }

    /** A float32 tensor of shape {@code (batch, dims...)}, the batch left free. */
    private static OnnxMl.ValueInfoProto tensorValue(String name, List<Integer> dims) {
        OnnxMl.TensorShapeProto.Builder shape = OnnxMl.TensorShapeProto.newBuilder()
                .addDim(OnnxMl.TensorShapeProto.Dimension.newBuilder().setDimParam("batch"));
        dims.forEach(d -> shape.addDim(OnnxMl.TensorShapeProto.Dimension.newBuilder().setDimValue(d)));
        return OnnxMl.ValueInfoProto.newBuilder().setName(name).setType(OnnxMl.TypeProto.newBuilder()
                .setTensorType(OnnxMl.TypeProto.Tensor.newBuilder()
                        .setElemType(OnnxMl.TensorProto.DataType.FLOAT.getNumber()).setShape(shape))).build();
    }

    private static OnnxMl.AttributeProto intAttribute(String name, long value) {
        return OnnxMl.AttributeProto.newBuilder().setName(name).setType(OnnxMl.AttributeProto.AttributeType.INT)
                .setI(value).build();
    }

    private static OnnxMl.AttributeProto intsAttribute(String name, long... values) {
        OnnxMl.AttributeProto.Builder a = OnnxMl.AttributeProto.newBuilder().setName(name)
                .setType(OnnxMl.AttributeProto.AttributeType.INTS);
        for (long v : values) {
            a.addInts(v);
        }
        return a.build();
    }
}
