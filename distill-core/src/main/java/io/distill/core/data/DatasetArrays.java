package io.distill.core.data;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.distill.contract.datasets.DatasetScaling;
import io.distill.contract.datasets.ElementType;
import io.distill.contract.datasets.InputShape;
import io.distill.core.data.formats.NpyDecoder;
import io.distill.core.data.formats.SourceDataset;
import io.distill.core.data.formats.SplitArrays;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.FloatBuffer;
import java.nio.IntBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A registered set's arrays as one NumPy {@code .npz}, written once at registration and read by every
 * service that trains on the set: {@code x_train}, {@code y_train}, {@code x_validation},
 * {@code y_validation}, {@code x_test}, {@code y_test} (x as N x shape, uint8 or float32; y int32) and, for
 * float32 sets, the per-feature {@code offset} and {@code scale} fitted on the training split
 * ({@link DatasetScaling}), which scale every split as it is read.
 */
public final class DatasetArrays {

    /** The validation split came with the files. */
    public static final String VALIDATION_GIVEN = "given";
    /** The validation split is the last floor(n/12) training examples. */
    public static final String VALIDATION_CARVED = "last-twelfth-of-train";
    private static final String OFFSET = "offset";
    private static final String SCALE = "scale";
    private static final Map<String, String> LEGACY = Map.of(OFFSET, "mean", SCALE, "std");
    private static final List<String> SPLITS = List.of("train", "validation", "test");

    private DatasetArrays() {}

    /** The validation rule a source takes: its own split, or the last twelfth of its training split. */
    public static String validationRule(SourceDataset source) {
        return source.validation() != null ? VALIDATION_GIVEN : VALIDATION_CARVED;
    }

    /**
     * How a source's values become inputs: {@code requested}, or the default for its type when null.
     * Throws {@link IllegalArgumentException} for a scaling its type cannot take (minmax for uint8 images).
     */
    public static DatasetScaling scaling(SourceDataset source, DatasetScaling requested) {
        DatasetScaling scaling = requested == null ? DatasetScaling.defaultFor(source.type()) : requested;
        if (!scaling.fits(source.type())) {
            throw new IllegalArgumentException("is " + scaling.label() + ", which a " + source.type().label()
                    + " set cannot take; expected " + (source.type() == ElementType.UINT8 ? "unit"
                    : "minmax or standard"));
        }
        return scaling;
    }

    /** The three splits of {@code source}, the validation split carved from train when it has none. */
    public static Datasets.Splits splits(String name, SourceDataset source) {
        ExampleSet train = set(name + "-train", source, source.train());
        ExampleSet test = set(name + "-test", source, source.test());
        if (source.validation() != null) {
            return new Datasets.Splits(train, set(name + "-validation", source, source.validation()), test);
        }
        int cut = train.size() - train.size() / 12;
        if (cut == train.size() || cut == 0) {
            throw new IllegalArgumentException("Training split of " + name + " has " + train.size()
                    + " examples, too few to carve a validation split from (at least 12 needed).");
        }
        return new Datasets.Splits(train.range(name + "-train", 0, cut),
                train.range(name + "-validation", cut, train.size()), test);
    }

    /** Writes the splits to {@code file}, with a float32 set's offset and scale under {@code scaling}. */
    public static void write(Datasets.Splits splits, DatasetScaling scaling, Path file, NDManager manager)
            throws IOException {
        try (NDManager m = manager.newSubManager(); OutputStream out = Files.newOutputStream(file)) {
            NDList list = new NDList();
            for (String split : SPLITS) {
                ExampleSet set = splits.get(split);
                list.add(named(values(set, m), "x_" + split));
                list.add(named(labelArray(set, m), "y_" + split));
            }
            if (splits.train().type() == ElementType.FLOAT32) {
                FeatureScaling fitted = FeatureScaling.fit(scaling, splits.train());
                list.add(named(m.create(fitted.offset()), OFFSET));
                list.add(named(m.create(fitted.scale()), SCALE));
            }
            list.encode(out, NDList.Encoding.NPZ);
        }
    }

    /** Reads splits written by {@link #write}, scaling float32 values. */
    public static Datasets.Splits read(String name, Path file, InputShape shape, int classes, NDManager manager)
            throws IOException {
        try (NDManager m = manager.newSubManager(); InputStream in = Files.newInputStream(file)) {
            NDList list = NpyDecoder.decodeNpz(m, in, file.toString());
            Optional<FeatureScaling> scaling = featureScaling(list, file);
            ExampleSet[] sets = new ExampleSet[SPLITS.size()];
            for (int s = 0; s < SPLITS.size(); s++) {
                String split = SPLITS.get(s);
                NDArray x = require(list, "x_" + split, file);
                int[] labels = require(list, "y_" + split, file).toIntArray();
                int[] ids = ExampleSet.sequentialIds(labels.length);
                sets[s] = x.getDataType() == DataType.UINT8
                        ? ExampleSet.uint8(name + "-" + split, shape, classes, x.toByteArray(), labels, ids)
                        : ExampleSet.float32(name + "-" + split, shape, classes,
                                scaling.orElseThrow().apply(x.toFloatArray()), labels, ids);
            }
            return new Datasets.Splits(sets[0], sets[1], sets[2]);
        }
    }

    /**
     * The offset and scale with which {@link #read} scales the float32 values of arrays written by
     * {@link #write}; empty for uint8 arrays, which a net takes scaled to [0, 1].
     */
    public static Optional<FeatureScaling> featureScaling(Path file, NDManager manager) throws IOException {
        try (NDManager m = manager.newSubManager(); InputStream in = Files.newInputStream(file)) {
            return featureScaling(NpyDecoder.decodeNpz(m, in, file.toString()), file);
        }
    }

    private static Optional<FeatureScaling> featureScaling(NDList list, Path file) {
        if (require(list, "x_train", file).getDataType() == DataType.UINT8) {
            return Optional.empty();
        }
        return Optional.of(new FeatureScaling(require(list, OFFSET, file).toFloatArray(),
                require(list, SCALE, file).toFloatArray()));
    }

    private static ExampleSet set(String name, SourceDataset source, SplitArrays split) {
        int[] ids = ExampleSet.sequentialIds(split.count());
        return split.bytes() != null
                ? ExampleSet.uint8(name, source.shape(), source.classes(), split.bytes(), split.labels(), ids)
                : ExampleSet.float32(name, source.shape(), source.classes(), split.floats(), split.labels(), ids);
    }

    /** A split's features as one engine array, made as {@link EngineArrays} says. */
    private static NDArray values(ExampleSet set, NDManager m) {
        int f = set.features();
        Shape shape = new Shape(set.size(), f);
        if (set.type() == ElementType.UINT8) {
            ByteBuffer bytes = EngineArrays.direct((long) set.size() * f);
            for (int i = 0; i < set.size(); i++) {
                bytes.put(set.pixels(i));
            }
            return EngineArrays.create(m, bytes.flip(), shape, DataType.UINT8);
        }
        FloatBuffer floats = EngineArrays.direct((long) set.size() * f * Float.BYTES).asFloatBuffer();
        float[] row = new float[f];
        for (int i = 0; i < set.size(); i++) {
            set.copyFloats(i, row);
            floats.put(row);
        }
        return EngineArrays.create(m, floats.flip(), shape, DataType.FLOAT32);
    }

    private static NDArray labelArray(ExampleSet set, NDManager m) {
        IntBuffer labels = EngineArrays.direct((long) set.size() * Integer.BYTES).asIntBuffer();
        for (int i = 0; i < set.size(); i++) {
            labels.put(set.label(i));
        }
        return EngineArrays.create(m, labels.flip(), new Shape(set.size()), DataType.INT32);
    }

    private static NDArray named(NDArray array, String name) {
        array.setName(name);
        return array;
    }

    private static NDArray require(NDList list, String name, Path file) {
        // Arrays written before the scaling could be chosen name a standardisation's offset and scale so.
        NDArray array = list.get(name);
        if (array == null && LEGACY.containsKey(name)) {
            array = list.get(LEGACY.get(name));
        }
        if (array == null) {
            throw new IllegalArgumentException("Data set arrays " + file.getFileName() + " have no " + name
                    + "; they were not written by this version of distill.");
        }
        return array;
    }
}
