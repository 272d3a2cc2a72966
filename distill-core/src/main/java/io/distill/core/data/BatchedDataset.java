package io.distill.core.data;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.dataset.Batch;
import ai.djl.training.dataset.Dataset;
import ai.djl.translate.Batchifier;
import ai.djl.util.Progress;
import io.distill.contract.datasets.ElementType;
import java.nio.FloatBuffer;
import java.nio.IntBuffer;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Random;

/**
 * An {@link ExampleSet} served as DJL batches: shuffled and, for images, jittered afresh each epoch, reproducibly.
 *
 * <p>Each batch's data is one {@code (B, features)} float array. Its labels are the class indices
 * {@code (B)} as int32 and, when the set carries teacher logits, those logits {@code (B, classes)}.
 * Epoch e's order and shifts depend only on the seed and e, so a run resumed at epoch e sees what
 * the uninterrupted run would have seen.
 */
public final class BatchedDataset implements Dataset {

    private final ExampleSet images;
    private final float[] teacherLogits;
    private final int batchSize;
    private final boolean shuffle;
    private final Translation translation;
    private final PixelScaling scaling;
    private final long seed;
    private int epoch;

    private BatchedDataset(Builder b) {
        this.images = b.images;
        this.teacherLogits = b.teacherLogits;
        this.batchSize = b.batchSize;
        this.shuffle = b.shuffle;
        this.translation = new Translation(b.jitter);
        this.scaling = b.scaling;
        this.seed = b.seed;
        if (b.jitter > 0 && !images.shape().isImage()) {
            throw new IllegalArgumentException("Jitter is " + b.jitter + " pixels but " + images.name()
                    + " holds vectors of " + images.features() + " features, which cannot be translated.");
        }
        if (batchSize <= 0) {
            throw new IllegalArgumentException("Batch size is " + batchSize + ", expected a positive number.");
        }
        if (teacherLogits != null && teacherLogits.length != (long) images.size() * images.classes()) {
            throw new IllegalArgumentException("Teacher logits hold " + teacherLogits.length + " values for "
                    + images.size() + " examples of " + images.classes() + " classes.");
        }
    }

    public static Builder builder(ExampleSet images) {
        return new Builder(images);
    }

    public ExampleSet images() {
        return images;
    }

    public int batchSize() {
        return batchSize;
    }

    /** Batches per epoch, counting the last, smaller one. */
    public int batchesPerEpoch() {
        return (images.size() + batchSize - 1) / batchSize;
    }

    /** Selects the epoch whose order and shifts the next {@link #getData} serves. */
    public void setEpoch(int epoch) {
        this.epoch = epoch;
    }

    @Override
    public Iterable<Batch> getData(NDManager manager) {
        int[] order = order();
        Random random = new Random(seed * 1_000_003L + epoch);
        return () -> new BatchIterator(manager, order, random);
    }

    @Override
    public void prepare(Progress progress) {
        // Everything is already in memory.
    }

    private int[] order() {
        int[] order = new int[images.size()];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        if (shuffle) {
            Random random = new Random(seed * 7_919L + epoch);
            for (int i = order.length - 1; i > 0; i--) {
                int j = random.nextInt(i + 1);
                int t = order[i];
                order[i] = order[j];
                order[j] = t;
            }
        }
        return order;
    }

    /** Builds one batch at a time, in its own sub-manager that closing the batch frees. */
    private final class BatchIterator implements Iterator<Batch> {
        private final NDManager manager;
        private final int[] order;
        private final Random random;
        private final int[] raw;
        private final int[] moved;
        private final float[] rawFloats;
        private final float[] movedFloats;
        // Filled again for each batch: the engine copies a direct buffer as it is, where it would first
        // copy a heap buffer into a fresh direct one, zeroed, for every batch.
        private final FloatBuffer data;
        private final IntBuffer labels;
        private final FloatBuffer logits;
        private int next;

        BatchIterator(NDManager manager, int[] order, Random random) {
            this.manager = manager;
            this.order = order;
            this.random = random;
            int most = Math.min(batchSize, order.length);
            this.data = EngineArrays.direct(4L * most * images.features()).asFloatBuffer();
            this.labels = EngineArrays.direct(4L * most).asIntBuffer();
            this.logits = teacherLogits == null ? null
                    : EngineArrays.direct(4L * most * images.classes()).asFloatBuffer();
            boolean bytes = images.type() == ElementType.UINT8;
            this.raw = bytes ? new int[images.features()] : null;
            this.moved = bytes ? new int[images.features()] : null;
            this.rawFloats = bytes ? null : new float[images.features()];
            this.movedFloats = bytes ? null : new float[images.features()];
        }

        @Override
        public boolean hasNext() {
            return next < order.length;
        }

        @Override
        public Batch next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            int size = Math.min(batchSize, order.length - next);
            int features = images.features();
            int classes = images.classes();
            data.clear();
            labels.clear();
            if (logits != null) {
                logits.clear();
            }
            for (int k = 0; k < size; k++) {
                int i = order[next + k];
                put(i, data);
                labels.put(images.label(i));
                if (logits != null) {
                    logits.put(teacherLogits, i * classes, classes);
                }
            }
            data.flip();
            labels.flip();
            NDManager batchManager = manager.newSubManager();
            NDArray x = EngineArrays.create(batchManager, data, new Shape(size, features), DataType.FLOAT32);
            NDList labelList =
                    new NDList(EngineArrays.create(batchManager, labels, new Shape(size), DataType.INT32));
            if (logits != null) {
                logits.flip();
                labelList.add(EngineArrays.create(batchManager, logits, new Shape(size, classes), DataType.FLOAT32));
            }
            long progress = next + size;
            next += size;
            return new Batch(batchManager, new NDList(x), labelList, size,
                    Batchifier.STACK, Batchifier.STACK, progress, order.length);
        }

        /** Appends example {@code i}, moved by a fresh shift when jittering: pixels scaled, floats as they are. */
        private void put(int i, FloatBuffer data) {
            if (raw != null) {
                images.copyPixels(i, raw);
                int[] pixels = raw;
                if (translation.maxShift() > 0) {
                    Translation.shift(raw, moved, images.shape(), translation.draw(random));
                    pixels = moved;
                }
                for (int pixel : pixels) {
                    data.put(scaling.scale(pixel));
                }
                return;
            }
            images.copyFloats(i, rawFloats);
            float[] values = rawFloats;
            if (translation.maxShift() > 0) {
                Translation.shift(rawFloats, movedFloats, images.shape(), translation.draw(random));
                values = movedFloats;
            }
            data.put(values);
        }
    }

    /** Options for a {@link BatchedDataset}; defaults serve the set in order, unjittered, in [0, 1]. */
    public static final class Builder {
        private final ExampleSet images;
        private float[] teacherLogits;
        private int batchSize = 128;
        private boolean shuffle;
        private int jitter;
        private PixelScaling scaling = PixelScaling.UNIT;
        private long seed = 1;

        private Builder(ExampleSet images) {
            this.images = images;
        }

        /** Teacher logits, {@code classes} per example in the set's order, served as the second label. */
        public Builder teacherLogits(float[] logits) {
            this.teacherLogits = logits;
            return this;
        }

        public Builder batchSize(int batchSize) {
            this.batchSize = batchSize;
            return this;
        }

        public Builder shuffle(boolean shuffle) {
            this.shuffle = shuffle;
            return this;
        }

        /** Translate each image by up to ±{@code pixels}, drawn fresh every epoch. */
        public Builder jitter(int pixels) {
            this.jitter = pixels;
            return this;
        }

        public Builder scaling(PixelScaling scaling) {
            this.scaling = scaling;
            return this;
        }

        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        public BatchedDataset build() {
            return new BatchedDataset(this);
        }
    }
}
