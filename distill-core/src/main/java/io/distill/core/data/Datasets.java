package io.distill.core.data;

import io.distill.contract.datasets.InputShape;
import io.distill.contract.requests.DatasetNames;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The data sets distill knows, loaded from a data directory of IDX files.
 *
 * <p>Each lives in {@code <dataDir>/<name>/} as the four MNIST-layout files, raw or {@code .gz}.
 * The training file is split deterministically: the last {@code holdout} images are the validation set.
 */
public final class Datasets {

    /** The paper's split: the last 5,000 of the 60,000 training images are held out for validation. */
    public static final int DEFAULT_HOLDOUT = 5_000;

    private static final String TRAIN_IMAGES = "train-images-idx3-ubyte";
    private static final String TRAIN_LABELS = "train-labels-idx1-ubyte";
    private static final String TEST_IMAGES = "t10k-images-idx3-ubyte";
    private static final String TEST_LABELS = "t10k-labels-idx1-ubyte";

    private Datasets() {}

    /** The three splits of one data set. */
    public record Splits(ExampleSet train, ExampleSet validation, ExampleSet test) {

        /** The named split: {@code train}, {@code validation} or {@code test}. */
        public ExampleSet get(String split) {
            return switch (split) {
                case "train" -> train;
                case "validation" -> validation;
                case "test" -> test;
                default -> throw new IllegalArgumentException(
                        "Split " + split + " is unknown, expected train, validation or test.");
            };
        }
    }

    /** Checks that {@code name} is a known data set. */
    public static void checkName(String name) {
        if (!DatasetNames.NAMES.contains(name)) {
            throw new IllegalArgumentException("Data set " + name + " is unknown, expected one of " + DatasetNames.NAMES + ".");
        }
    }

    /** Whether all four files of data set {@code name} are present in {@code dataDir}. */
    public static boolean isPresent(Path dataDir, String name) {
        checkName(name);
        for (String file : List.of(TRAIN_IMAGES, TRAIN_LABELS, TEST_IMAGES, TEST_LABELS)) {
            if (find(dataDir.resolve(name), file) == null) {
                return false;
            }
        }
        return true;
    }

    /** Loads data set {@code name} with the default validation hold-out. */
    public static Splits load(Path dataDir, String name) throws IOException {
        return load(dataDir, name, DEFAULT_HOLDOUT);
    }

    /** Loads data set {@code name}, holding out the last {@code holdout} training images for validation. */
    public static Splits load(Path dataDir, String name, int holdout) throws IOException {
        checkName(name);
        Path dir = dataDir.resolve(name);
        ExampleSet trainAll = read(name, dir, TRAIN_IMAGES, TRAIN_LABELS, name + "-train");
        ExampleSet test = read(name, dir, TEST_IMAGES, TEST_LABELS, name + "-test");
        if (holdout < 0 || holdout >= trainAll.size()) {
            throw new IllegalArgumentException("Validation hold-out is " + holdout + ", expected 0 to "
                    + (trainAll.size() - 1) + " of the " + trainAll.size() + " training images.");
        }
        int cut = trainAll.size() - holdout;
        return new Splits(
                trainAll.range(name + "-train", 0, cut),
                trainAll.range(name + "-validation", cut, trainAll.size()),
                test);
    }

    /** Reads one images file and its labels file, checking that they agree. */
    public static ExampleSet read(String dataset, Path dir, String imagesName, String labelsName, String setName)
            throws IOException {
        Path imagesFile = require(dataset, dir, imagesName);
        Path labelsFile = require(dataset, dir, labelsName);
        IdxReader.IdxArray images = IdxReader.readImages(imagesFile);
        IdxReader.IdxArray labels = IdxReader.readLabels(labelsFile);
        int count = images.dimensions()[0];
        if (labels.dimensions()[0] != count) {
            throw new IdxFormatException(labelsFile, "has " + labels.dimensions()[0] + " labels but "
                    + imagesFile.getFileName() + " has " + count + " images");
        }
        for (int i = 0; i < count; i++) {
            int label = Byte.toUnsignedInt(labels.data()[i]);
            if (label >= DatasetNames.CLASSES) {
                throw new IdxFormatException(labelsFile, "has label " + label + " at index " + i
                        + ", expected a class from 0 to " + (DatasetNames.CLASSES - 1));
            }
        }
        int[] classes = new int[count];
        for (int i = 0; i < count; i++) {
            classes[i] = Byte.toUnsignedInt(labels.data()[i]);
        }
        InputShape shape = InputShape.image(1, images.dimensions()[1], images.dimensions()[2]);
        return ExampleSet.uint8(setName, shape, DatasetNames.CLASSES, images.data(), classes,
                ExampleSet.sequentialIds(count));
    }

    private static Path require(String dataset, Path dir, String file) {
        Path found = find(dir, file);
        if (found == null) {
            throw new DatasetMissingException(dataset, dir.resolve(file));
        }
        return found;
    }

    private static Path find(Path dir, String file) {
        for (Path candidate : List.of(dir.resolve(file), dir.resolve(file + ".gz"))) {
            if (Files.isRegularFile(candidate)) {
                return candidate;
            }
        }
        return null;
    }
}
