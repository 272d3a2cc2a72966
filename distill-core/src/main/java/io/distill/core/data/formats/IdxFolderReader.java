package io.distill.core.data.formats;

import io.distill.contract.datasets.InputShape;
import io.distill.core.data.IdxFormatException;
import io.distill.core.data.IdxReader;
import io.distill.core.data.IdxReader.IdxArray;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Reads a folder of the four MNIST-layout IDX files, each raw or {@code .gz}, with {@link IdxReader}: images
 * become {@code 1 x rows x cols} uint8 examples; the files have no validation split.
 */
final class IdxFolderReader implements FormatReader {

    private static final String[][] FILES = {
            {SourceSplit.TRAIN, "train-images-idx3-ubyte", "train-labels-idx1-ubyte"},
            {SourceSplit.TEST, "t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte"}};

    @Override
    public SourceDataset read(Path source, ReadOptions options) throws IOException {
        if (!Files.isDirectory(source)) {
            throw new DatasetFileException(InputLimits.name(source), "Folder " + InputLimits.name(source)
                    + " does not exist; an IDX data set is a folder of the four MNIST-layout files.");
        }
        InputLimits limits = new InputLimits(options);
        SourceSplit train = split(source, FILES[0], limits, options.maxDecompressedBytes());
        SourceSplit test = split(source, FILES[1], limits, options.maxDecompressedBytes());
        var names = ClassNames.forIndices(options, null, InputLimits.name(source), train, test);
        return DatasetChecks.assemble(names, train, null, test);
    }

    private static SourceSplit split(Path dir, String[] files, InputLimits limits, long maxBytes)
            throws IOException {
        IdxArray images = read(find(dir, files[1]), 3, limits, maxBytes);
        IdxArray labels = read(find(dir, files[2]), 1, limits, maxBytes);
        String imagesFile = InputLimits.name(images.file());
        String labelsFile = InputLimits.name(labels.file());
        int count = images.dimensions()[0];
        if (labels.dimensions()[0] != count) {
            throw new DatasetFileException(labelsFile, "IDX file " + labelsFile + " has " + labels.dimensions()[0]
                    + " labels, but " + imagesFile + " has " + count + " images.");
        }
        int[] classes = new int[count];
        for (int i = 0; i < count; i++) {
            classes[i] = Byte.toUnsignedInt(labels.data()[i]);
        }
        return SourceSplitBuilder.builder().split(files[0]).featuresFile(imagesFile).labelsFile(labelsFile)
                .shape(InputShape.image(1, images.dimensions()[1], images.dimensions()[2]))
                .arrays(new SplitArrays(images.data(), null, classes)).build();
    }

    /** Reads one file; {@link IdxReader} inflates no more than the {@code maxBytes} its header may declare. */
    private static IdxArray read(Path file, int dimensions, InputLimits limits, long maxBytes) throws IOException {
        limits.checkFile(file);
        try {
            return IdxReader.read(file, dimensions, maxBytes);
        } catch (IdxFormatException e) {
            String name = InputLimits.name(file);
            throw new DatasetFileException(name, "IDX file " + name + " " + e.problem() + ".", e);
        }
    }

    /** The file, raw or gzipped. */
    private static Path find(Path dir, String file) {
        for (Path candidate : new Path[] {dir.resolve(file), dir.resolve(file + ".gz")}) {
            if (Files.isRegularFile(candidate)) {
                return candidate;
            }
        }
        throw new DatasetFileException(file, "IDX file " + file + " (or " + file + ".gz) is missing from folder "
                + InputLimits.name(dir) + "; an IDX data set needs train-images-idx3-ubyte,"
                + " train-labels-idx1-ubyte, t10k-images-idx3-ubyte and t10k-labels-idx1-ubyte.");
    }
}
