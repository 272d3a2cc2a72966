package io.distill.core.onnx;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import io.distill.contract.datasets.ElementType;
import io.distill.contract.datasets.InputShape;
import io.distill.contract.jobs.FieldException;
import io.distill.contract.requests.InputForm;
import io.distill.contract.requests.InputLayout;
import io.distill.contract.requests.ModelOutputs;
import io.distill.core.data.ExampleSet;
import java.nio.FloatBuffer;
import java.util.Arrays;
import java.util.Map;

/**
 * An ONNX classifier run by ONNX Runtime, not DJL: examples go in as their raw values (pixels 0-255, features
 * unscaled), laid out and scaled as its {@link InputForm} says, and logits come out. A model {@link OnnxExport}
 * wrote takes {@link InputForm#EXPORTED}; one trained elsewhere is {@link #checked} against the data set it is
 * to classify first.
 */
public final class OnnxInference implements AutoCloseable {

    /** The floor under a probability before its logarithm, so that a 0 gives a finite logit. */
    private static final double SMALLEST_PROBABILITY = 1e-30;

    private final OrtEnvironment env = OrtEnvironment.getEnvironment();
    private final OrtSession session;
    private final InputForm form;
    private final String input;
    private final long[] inputShape;
    private final String output;

    /** A session of {@code model}, taking its input as {@code form} says, unchecked. */
    public OnnxInference(byte[] model, InputForm form) throws OrtException {
        this.form = form;
        session = env.createSession(model, new OrtSession.SessionOptions());
        try {
            input = session.getInputNames().iterator().next();
            inputShape = ((TensorInfo) session.getInputInfo().get(input).getInfo()).getShape();
            output = session.getOutputNames().contains(OnnxExport.LOGITS) ? OnnxExport.LOGITS
                    : session.getOutputNames().iterator().next();
        } catch (RuntimeException e) {
            session.close();
            throw e;
        }
    }

    /** A session of a model {@link OnnxExport} wrote. */
    public OnnxInference(byte[] model) throws OrtException {
        this(model, InputForm.EXPORTED);
    }

    /**
     * A session of a model trained elsewhere, checked to take one float tensor that {@code form} lays out from
     * examples of {@code shape}, and to output one score per class of the {@code classes}; what does not fit is
     * a {@link FieldException} naming {@code file}, {@code layout} or {@code outputs}.
     */
    public static OnnxInference checked(byte[] model, InputShape shape, int classes, InputForm form) {
        OnnxInference inference;
        try {
            inference = new OnnxInference(model, form);
        } catch (OrtException | RuntimeException e) {
            throw new FieldException("file", "is not an ONNX model ONNX Runtime can load: " + e.getMessage());
        }
        try {
            inference.check(shape, classes);
            return inference;
        } catch (OrtException | RuntimeException e) {
            inference.closeQuietly();
            throw e instanceof FieldException f ? f : new FieldException("file", e.getMessage());
        }
    }

    private void check(InputShape shape, int classes) throws OrtException {
        Map<String, NodeInfo> inputs = session.getInputInfo();
        if (inputs.size() != 1) {
            throw new FieldException("file", "takes " + inputs.size() + " inputs " + inputs.keySet()
                    + ", expected one: the examples");
        }
        TensorInfo in = (TensorInfo) inputs.get(input).getInfo();
        if (in.type != OnnxJavaType.FLOAT) {
            throw new FieldException("file", "takes " + in.type + " input " + input + ", expected float32");
        }
        long[] expected = layout(shape, -1);
        boolean fits = inputShape.length == expected.length;
        for (int d = 1; fits && d < expected.length; d++) {
            fits = inputShape[d] <= 0 || inputShape[d] == expected[d];
        }
        if (!fits) {
            throw new FieldException("layout", "is " + form.layout().value() + ", which lays examples of "
                    + shape.label() + " out as " + dims(expected) + ", but input " + input + " is "
                    + dims(inputShape));
        }
        long[] out = ((TensorInfo) session.getOutputInfo().get(output).getInfo()).getShape();
        long declared = out.length == 0 ? -1 : out[out.length - 1];
        if (out.length != 2 || (declared > 0 && declared != classes)) {
            throw new FieldException("outputs", "output " + output + " is " + dims(out) + ", expected (batch, "
                    + classes + "): one score per class of the data set");
        }
    }

    /** The model's metadata properties. */
    public Map<String, String> properties() throws OrtException {
        return session.getMetadata().getCustomMetadata();
    }

    /**
     * The logits of every example, example by example, computed {@code batchSize} examples at a time. The
     * examples hold raw values: a float32 set's as its source file has them, not scaled as a loaded set's are.
     */
    public float[] logits(ExampleSet examples, int batchSize) throws OrtException {
        float[] all = null;
        int classes = 0;
        for (int start = 0; start < examples.size(); start += batchSize) {
            int n = Math.min(batchSize, examples.size() - start);
            float[][] batch = run(values(examples, start, n), runShape(examples, n));
            if (all == null) {
                classes = batch[0].length;
                all = new float[examples.size() * classes];
            }
            for (int i = 0; i < n; i++) {
                if (batch[i].length != classes) {
                    throw new IllegalStateException("Model output " + output + " gave " + batch[i].length
                            + " scores for one example and " + classes + " for another.");
                }
                System.arraycopy(batch[i], 0, all, (start + i) * classes, classes);
            }
        }
        return all == null ? new float[0] : toLogits(all);
    }

    private float[][] run(float[] values, long[] shape) throws OrtException {
        try (OnnxTensor tensor = OnnxTensor.createTensor(env, FloatBuffer.wrap(values), shape);
                OrtSession.Result result = session.run(Map.of(input, tensor))) {
            return (float[][]) result.get(output).orElseThrow().getValue();
        }
    }

    private float[] toLogits(float[] outputs) {
        if (form.outputs() == ModelOutputs.PROBABILITIES) {
            for (int i = 0; i < outputs.length; i++) {
                outputs[i] = (float) Math.log(Math.max(outputs[i], SMALLEST_PROBABILITY));
            }
        }
        return outputs;
    }

    /** Examples {@code start} to {@code start + n} as the model takes them: laid out and scaled. */
    private float[] values(ExampleSet examples, int start, int n) {
        InputShape shape = examples.shape();
        int f = examples.features();
        int channels = shape.isImage() ? shape.channels() : f;
        int plane = f / channels;
        boolean channelsLast = form.layout() == InputLayout.NHWC;
        float[] values = new float[n * f];
        float[] row = new float[f];
        for (int i = 0; i < n; i++) {
            if (examples.type() == ElementType.UINT8) {
                byte[] pixels = examples.pixels(start + i);
                for (int k = 0; k < f; k++) {
                    row[k] = pixels[k] & 0xff;
                }
            } else {
                examples.copyFloats(start + i, row);
            }
            for (int k = 0; k < f; k++) {
                int c = k / plane;
                int to = channelsLast ? (k % plane) * channels + c : k;
                values[i * f + to] = form.isIdentity() ? row[k] : form.scale(row[k], c);
            }
        }
        return values;
    }

    /**
     * The input tensor's shape for {@code n} examples: the model's declared shape when it names every size and
     * holds an example's values (an exported MLP over images takes them flat, say), the layout's otherwise.
     */
    private long[] runShape(ExampleSet examples, int n) {
        long values = 1;
        for (int d = 1; d < inputShape.length; d++) {
            values *= Math.max(0, inputShape[d]);
        }
        if (inputShape.length < 2 || values != examples.features()) {
            return layout(examples.shape(), n);
        }
        long[] shape = inputShape.clone();
        shape[0] = n;
        return shape;
    }

    /** The input tensor's shape for {@code n} examples of {@code shape} in the form's layout. */
    private long[] layout(InputShape shape, int n) {
        if (!shape.isImage() || form.layout() == InputLayout.FLAT) {
            return new long[] {n, shape.features()};
        }
        return form.layout() == InputLayout.NCHW
                ? new long[] {n, shape.channels(), shape.height(), shape.width()}
                : new long[] {n, shape.height(), shape.width(), shape.channels()};
    }

    private static String dims(long[] shape) {
        return Arrays.toString(shape).replace('[', '(').replace(']', ')').replace("-1", "?");
    }

    private void closeQuietly() {
        try {
            close();
        } catch (OrtException e) {
            // Closing a session that failed its checks; the check's reason is what matters.
        }
    }

    @Override
    public void close() throws OrtException {
        session.close();
    }
}
