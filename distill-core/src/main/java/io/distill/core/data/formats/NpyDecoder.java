package io.distill.core.data.formats;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.distill.core.data.EngineArrays;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * NumPy arrays ({@code .npy}, and the {@code .npz} archives of them) read into engine arrays, as DJL's
 * decoder ({@link NDList#decode(NDManager, InputStream)}) reads them but through {@link EngineArrays}, so
 * that the buffer the data is read into stays reachable until the engine has copied it. The header is
 * {@link NpyHeader}'s; the data is little-endian, in C order.
 */
public final class NpyDecoder {

    private static final String NPY = ".npy";
    private static final int CHUNK = 1 << 16;

    private NpyDecoder() {}

    /** The one array of the {@code .npy} stream {@code in}; {@code file} names it in errors. */
    public static NDArray decode(NDManager manager, InputStream in, String file) throws IOException {
        DataInputStream data = new DataInputStream(in);
        NpyHeader header = NpyHeader.read(data, file);
        if (header.fortranOrder() || header.bigEndian()) {
            throw new DatasetFileException(file, "Entry " + file + " holds its values "
                    + (header.fortranOrder() ? "in Fortran (column-major) order" : "big-endian")
                    + "; save it in C order, little-endian (numpy.ascontiguousarray, astype('<...')).");
        }
        DataType type;
        try {
            type = DataType.fromNumpy(header.descr());
        } catch (IllegalArgumentException e) {
            throw new DatasetFileException(file, "Entry " + file + " holds " + header.dtypeName()
                    + " values, which are not numbers an engine array can hold.", e);
        }
        Shape shape = new Shape(header.shape());
        ByteBuffer values = EngineArrays.direct(shape.size() * type.getNumOfBytes());
        byte[] chunk = new byte[CHUNK];
        while (values.hasRemaining()) {
            int read = data.read(chunk, 0, Math.min(chunk.length, values.remaining()));
            if (read < 0) {
                throw new DatasetFileException(file, "Entry " + file + " is not a readable NumPy array: it ends after "
                        + values.position() + " of the " + values.capacity() + " bytes its header ("
                        + header.shapeText() + " of " + header.dtypeName() + ") needs.");
            }
            values.put(chunk, 0, read);
        }
        return EngineArrays.create(manager, values.flip(), shape, type);
    }

    /** Every array of the {@code .npz} stream {@code in}, named after its entry without {@code .npy}. */
    public static NDList decodeNpz(NDManager manager, InputStream in, String file) throws IOException {
        NDList arrays = new NDList();
        ZipInputStream zip = new ZipInputStream(in);
        for (ZipEntry entry = zip.getNextEntry(); entry != null; entry = zip.getNextEntry()) {
            String name = entry.getName().endsWith(NPY)
                    ? entry.getName().substring(0, entry.getName().length() - NPY.length()) : entry.getName();
            NDArray array = decode(manager, zip, file + "/" + entry.getName());
            array.setName(name);
            arrays.add(array);
        }
        return arrays;
    }
}
