package io.distill.core.data.formats;

import ai.djl.ndarray.NDManager;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;

/**
 * Reads a NumPy {@code .npz} in the Keras data-set layout: {@code x_train}, {@code y_train}, {@code x_test},
 * {@code y_test}, optionally {@code x_val}/{@code y_val} (or {@code _valid}, {@code _validation}) and a string
 * array {@code class_names}; without names the classes are {@code 0} to the largest label.
 *
 * <p>DJL decodes the numeric arrays ({@link NpyArrays}); {@link NpyStrings} reads {@code class_names}.
 */
final class NpzReader implements FormatReader {

    private static final List<String> VALIDATION_SUFFIXES = List.of("val", "valid", "validation");

    @Override
    public SourceDataset read(Path source, ReadOptions options) throws IOException {
        InputLimits limits = new InputLimits(options);
        limits.checkFile(source);
        String file = InputLimits.name(source);
        try (ZipFile zip = open(source, file); NDManager manager = NDManager.newBaseManager()) {
            Entries entries = new Entries(zip, file, limits, manager);
            SourceSplit train = entries.split(SourceSplit.TRAIN, "train");
            SourceSplit validation = null;
            for (String suffix : VALIDATION_SUFFIXES) {
                if (validation == null && entries.has("x_" + suffix)) {
                    validation = entries.split(SourceSplit.VALIDATION, suffix);
                }
            }
            SourceSplit test = entries.split(SourceSplit.TEST, "test");
            List<String> fromFile = entries.has("class_names") ? entries.strings("class_names") : null;
            List<String> names = ClassNames.forIndices(options, fromFile,
                    fromFile != null && options.classNames() == null ? entries.path("class_names") : file,
                    train, validation, test);
            return DatasetChecks.assemble(names, train, validation, test);
        }
    }

    private static ZipFile open(Path source, String file) throws IOException {
        try {
            return new ZipFile(source.toFile());
        } catch (ZipException e) {
            throw new DatasetFileException(file, "File " + file + " is not a readable .npz (zip) archive: "
                    + e.getMessage() + ".", e);
        }
    }

    /** The arrays of one open archive, each read through the size limits. */
    private record Entries(ZipFile zip, String file, InputLimits limits, NDManager manager) {

        boolean has(String array) {
            return zip.getEntry(array + ".npy") != null;
        }

        String path(String array) {
            return file + "/" + array + ".npy";
        }

        SourceSplit split(String split, String suffix) throws IOException {
            String x = "x_" + suffix;
            String y = "y_" + suffix;
            NpyArrays.Features features;
            try (InputStream in = open(x)) {
                features = NpyArrays.features(manager, in, path(x));
            }
            int[] labels;
            try (InputStream in = open(y)) {
                labels = NpyArrays.labels(manager, in, path(y));
            }
            if (labels.length != features.count()) {
                throw new DatasetFileException(path(y), "Array " + y + " in " + file + " has " + labels.length
                        + " labels, but " + x + " has " + features.count() + " examples.");
            }
            return SourceSplitBuilder.builder().split(split).featuresFile(path(x)).labelsFile(path(y))
                    .shape(features.shape()).arrays(new SplitArrays(features.bytes(), features.floats(), labels))
                    .build();
        }

        List<String> strings(String array) throws IOException {
            try (InputStream in = open(array)) {
                return NpyStrings.read(in, path(array));
            }
        }

        private InputStream open(String array) throws IOException {
            ZipEntry entry = zip.getEntry(array + ".npy");
            if (entry == null) {
                throw new DatasetFileException(file, "File " + file + " has no array " + array + "; a data set .npz"
                        + " needs x_train, y_train, x_test and y_test (np.savez(path, x_train=..., ...)).");
            }
            limits.checkSize(path(array), entry.getSize());
            try {
                return limits.inflated(zip.getInputStream(entry), path(array));
            } catch (ZipException e) {
                throw InputLimits.corrupt(path(array), e);
            }
        }
    }
}
