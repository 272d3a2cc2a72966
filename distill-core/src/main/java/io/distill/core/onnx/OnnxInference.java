package io.distill.core.onnx;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import io.distill.contract.datasets.ElementType;
import io.distill.core.data.ExampleSet;
import java.nio.FloatBuffer;
import java.util.Map;

/**
 * An ONNX classifier run by ONNX Runtime, not DJL: examples go in as their raw values (pixels 0-255, features
 * unscaled), shaped {@code (batch, dims...)}, and the logits come out, as a serving stack would run a model
 * {@link OnnxExport} wrote.
 */
public final class OnnxInference implements AutoCloseable {

    private final OrtEnvironment env = OrtEnvironment.getEnvironment();
    private final OrtSession session;
    private final String input;
    private final long[] inputShape;
    private final String output;

    public OnnxInference(byte[] model) throws OrtException {
        session = env.createSession(model, new OrtSession.SessionOptions());
        input = session.getInputNames().iterator().next();
        inputShape = ((TensorInfo) session.getInputInfo().get(input).getInfo()).getShape();
        output = session.getOutputNames().contains(OnnxExport.LOGITS) ? OnnxExport.LOGITS
                : session.getOutputNames().iterator().next();
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
            float[][] batch = run(rawValues(examples, start, n), shape(examples, n));
            if (all == null) {
                classes = batch[0].length;
                all = new float[examples.size() * classes];
            }
            for (int i = 0; i < n; i++) {
                System.arraycopy(batch[i], 0, all, (start + i) * classes, classes);
            }
        }
        return all == null ? new float[0] : all;
    }

    private float[][] run(float[] values, long[] shape) throws OrtException {
        try (OnnxTensor tensor = OnnxTensor.createTensor(env, FloatBuffer.wrap(values), shape);
                OrtSession.Result result = session.run(Map.of(input, tensor))) {
            return (float[][]) result.get(output).orElseThrow().getValue();
        }
    }

    private static float[] rawValues(ExampleSet examples, int start, int n) {
        int f = examples.features();
        float[] values = new float[n * f];
        float[] row = new float[f];
        for (int i = 0; i < n; i++) {
            if (examples.type() == ElementType.UINT8) {
                byte[] pixels = examples.pixels(start + i);
                for (int k = 0; k < f; k++) {
                    values[i * f + k] = pixels[k] & 0xff;
                }
            } else {
                examples.copyFloats(start + i, row);
                System.arraycopy(row, 0, values, i * f, f);
            }
        }
        return values;
    }

    /** The model's declared input shape with the batch size filled in, or the examples' own where it is free. */
    private long[] shape(ExampleSet examples, int n) {
        long[] shape = inputShape.clone();
        boolean declared = shape.length >= 2;
        for (int d = 1; d < shape.length; d++) {
            declared &= shape[d] > 0;
        }
        if (!declared) {
            shape = new long[examples.shape().dims().size() + 1];
            for (int d = 1; d < shape.length; d++) {
                shape[d] = examples.shape().dims().get(d - 1);
            }
        }
        shape[0] = n;
        return shape;
    }

    @Override
    public void close() throws OrtException {
        session.close();
    }
}
