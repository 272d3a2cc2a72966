package io.distill.core.data.formats;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import io.distill.contract.datasets.InputShape;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Set;

/**
 * Turns one {@code .npy} array into a split's features or labels, decoding it with {@link NpyDecoder}
 * after checking its header for what the data set needs.
 *
 * <p>Features: uint8 stay uint8; float16/32/64 become float32. Shapes: {@code (N, F)} vectors,
 * {@code (N, H, W)} grey images, or Keras's channels-last {@code (N, H, W, C)} images with 1, 3 or 4 channels,
 * turned channels-first. Labels: int8/uint8/int32/int64, shape {@code (N,)} or {@code (N, 1)}.
 */
final class NpyArrays {

    private static final Set<String> FEATURE_TYPES = Set.of("|u1", "<f2", "<f4", "<f8", "=f4", "=f8");
    private static final Set<String> LABEL_TYPES = Set.of("|u1", "|i1", "<i4", "<i8", "=i4", "=i8");
    private static final Set<Long> CHANNELS = Set.of(1L, 3L, 4L);

    private NpyArrays() {}

    /** Features of one split and their example shape. */
    record Features(InputShape shape, int count, byte[] bytes, float[] floats) {}

    static Features features(NDManager manager, InputStream in, String file) throws IOException {
        BufferedInputStream buffered = new BufferedInputStream(in);
        NpyHeader header = check(NpyHeader.peek(buffered, file), FEATURE_TYPES, file,
                "uint8 for images or float32 (float64 is converted) for features");
        long[] s = header.shape();
        boolean channelsLast = s.length == 4 && CHANNELS.contains(s[3]);
        if (s.length < 2 || s.length > 4 || s.length == 4 && !channelsLast || s[0] > Integer.MAX_VALUE) {
            throw new DatasetFileException(file, "Entry " + file + " has shape " + header.shapeText()
                    + ", expected (N, features), (N, height, width) or channels-last (N, height, width, channels)"
                    + " with 1, 3 or 4 channels.");
        }
        InputShape shape = switch (s.length) {
            case 2 -> InputShape.vector(size(s[1], header, file));
            case 3 -> InputShape.image(1, size(s[1], header, file), size(s[2], header, file));
            default -> InputShape.image((int) s[3], size(s[1], header, file), size(s[2], header, file));
        };
        if (s[0] == 0) {
            return new Features(shape, 0, new byte[0], null);
        }
        try (NDManager sub = manager.newSubManager()) {
            NDArray x = NpyDecoder.decode(sub, buffered, file);
            NDArray chw = channelsLast ? x.transpose(0, 3, 1, 2) : x;
            return x.getDataType() == DataType.UINT8
                    ? new Features(shape, (int) s[0], chw.toByteArray(), null)
                    : new Features(shape, (int) s[0], null, chw.toType(DataType.FLOAT32, false).toFloatArray());
        }
    }

    static int[] labels(NDManager manager, InputStream in, String file) throws IOException {
        BufferedInputStream buffered = new BufferedInputStream(in);
        NpyHeader header = check(NpyHeader.peek(buffered, file), LABEL_TYPES, file,
                "integer class indices (int8, uint8, int32 or int64)");
        long[] s = header.shape();
        if (!(s.length == 1 || s.length == 2 && s[1] == 1) || s[0] > Integer.MAX_VALUE) {
            throw new DatasetFileException(file, "Entry " + file + " has shape " + header.shapeText()
                    + ", expected (N,) or (N, 1): one class index per example.");
        }
        if (s[0] == 0) {
            return new int[0];
        }
        try (NDManager sub = manager.newSubManager()) {
            long[] values = NpyDecoder.decode(sub, buffered, file).toType(DataType.INT64, false).toLongArray();
            int[] labels = new int[values.length];
            for (int i = 0; i < values.length; i++) {
                if (values[i] != (int) values[i]) {
                    throw new DatasetFileException(file, "Example " + i + " of " + file + " has label " + values[i]
                            + ", which is not a class index.");
                }
                labels[i] = (int) values[i];
            }
            return labels;
        }
    }

    private static NpyHeader check(NpyHeader header, Set<String> types, String file, String expected) {
        if (!types.contains(header.descr())) {
            throw new DatasetFileException(file, "Entry " + file + " holds " + header.dtypeName()
                    + (header.bigEndian() ? " (big-endian)" : "") + " values, expected " + expected + ".");
        }
        if (header.fortranOrder()) {
            throw new DatasetFileException(file, "Entry " + file + " is stored in Fortran (column-major) order;"
                    + " save np.ascontiguousarray(array) instead.");
        }
        return header;
    }

    private static int size(long n, NpyHeader header, String file) {
        if (n <= 0 || n > Integer.MAX_VALUE) {
            throw new DatasetFileException(file, "Entry " + file + " has shape " + header.shapeText()
                    + ", whose example sizes must be positive.");
        }
        return (int) n;
    }
}
