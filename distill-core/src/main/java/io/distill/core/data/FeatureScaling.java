package io.distill.core.data;

import io.distill.contract.datasets.DatasetScaling;
import java.util.Arrays;

/**
 * Per-feature scaling of float32 sets, fitted on the training split: each value v becomes
 * (v - offset) / scale, where offset and scale are the feature's minimum and range ({@code minmax}: the
 * training split in [0, 1]) or its mean and standard deviation ({@code standard}). A feature that never
 * varies in training (a border pixel of a digit, say) keeps a scale of 1, so it stays finite and carries
 * nothing. The arrays of a registered set keep the fitted offset and scale ({@link DatasetArrays}), so
 * that features sent later (to {@code POST /ensembles/{id}/predict}) are scaled as training saw them.
 */
public final class FeatureScaling {

    private static final double FLOOR = 1e-6;

    private final float[] offset;
    private final float[] scale;

    FeatureScaling(float[] offset, float[] scale) {
        if (offset.length != scale.length) {
            throw new IllegalArgumentException("A feature scaling has " + offset.length + " offsets and "
                    + scale.length + " scales.");
        }
        this.offset = offset.clone();
        this.scale = scale.clone();
    }

    /** Each feature's offset and scale under {@code scaling}, fitted on {@code train}. */
    static FeatureScaling fit(DatasetScaling scaling, ExampleSet train) {
        int f = train.features();
        double[] sum = new double[f];
        double[] squares = new double[f];
        double[] min = new double[f];
        double[] max = new double[f];
        Arrays.fill(min, Double.POSITIVE_INFINITY);
        Arrays.fill(max, Double.NEGATIVE_INFINITY);
        float[] row = new float[f];
        for (int i = 0; i < train.size(); i++) {
            train.copyFloats(i, row);
            for (int j = 0; j < f; j++) {
                sum[j] += row[j];
                squares[j] += (double) row[j] * row[j];
                min[j] = Math.min(min[j], row[j]);
                max[j] = Math.max(max[j], row[j]);
            }
        }
        float[] offset = new float[f];
        float[] scale = new float[f];
        for (int j = 0; j < f; j++) {
            double mean = sum[j] / train.size();
            double spread = switch (scaling) {
                case MINMAX -> max[j] - min[j];
                case STANDARD -> Math.sqrt(Math.max(0, squares[j] / train.size() - mean * mean));
                case UNIT -> throw new IllegalArgumentException("unit scaling is for uint8 sets, not float32 ones.");
            };
            offset[j] = (float) (scaling == DatasetScaling.MINMAX ? min[j] : mean);
            scale[j] = (float) (spread < FLOOR ? 1 : spread);
        }
        return new FeatureScaling(offset, scale);
    }

    /** The number of features it scales. */
    public int features() {
        return offset.length;
    }

    /** Each feature's offset, subtracted first. */
    public float[] offset() {
        return offset.clone();
    }

    /** Each feature's scale, divided by then. */
    public float[] scale() {
        return scale.clone();
    }

    /** Scales {@code values} (examples of {@link #features()} features, raw) in place, and returns them. */
    public float[] apply(float[] values) {
        int f = offset.length;
        if (values.length % f != 0) {
            throw new IllegalArgumentException(values.length + " values are not whole examples of " + f
                    + " features.");
        }
        for (int i = 0; i < values.length; i++) {
            values[i] = (values[i] - offset[i % f]) / scale[i % f];
        }
        return values;
    }

    /** Undoes {@link #apply}: scaled values back to raw ones, in place, up to float rounding. */
    public float[] invert(float[] values) {
        int f = offset.length;
        for (int i = 0; i < values.length; i++) {
            values[i] = values[i] * scale[i % f] + offset[i % f];
        }
        return values;
    }

    /** {@code set}'s examples with their raw values, as a model trained elsewhere takes them (up to float rounding). */
    public ExampleSet raw(ExampleSet set) {
        int f = set.features();
        float[] values = new float[set.size() * f];
        float[] row = new float[f];
        int[] labels = new int[set.size()];
        int[] ids = new int[set.size()];
        for (int i = 0; i < set.size(); i++) {
            set.copyFloats(i, row);
            System.arraycopy(row, 0, values, i * f, f);
            labels[i] = set.label(i);
            ids[i] = set.id(i);
        }
        return ExampleSet.float32(set.name(), set.shape(), set.classes(), invert(values), labels, ids);
    }
}
