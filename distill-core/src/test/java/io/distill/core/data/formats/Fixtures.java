package io.distill.core.data.formats;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import javax.imageio.ImageIO;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/** Tiny data-set files for the readers' tests: .npy arrays, zip and tar archives, gzip, PNG images. */
final class Fixtures {

    private Fixtures() {}

    /** A .npy array of {@code descr} and {@code shape} over {@code data}, as NumPy writes version 1.0. */
    static byte[] npy(String descr, long[] shape, byte[] data) {
        StringBuilder dims = new StringBuilder();
        for (long d : shape) {
            dims.append(d).append(shape.length == 1 ? "," : ", ");
        }
        String dict = "{'descr': '" + descr + "', 'fortran_order': False, 'shape': ("
                + dims.toString().replaceAll(", $", "") + "), }";
        int unpadded = 10 + dict.length() + 1;
        String header = dict + " ".repeat((64 - unpadded % 64) % 64) + "\n";
        ByteBuffer bb = ByteBuffer.allocate(10 + header.length() + data.length).order(ByteOrder.LITTLE_ENDIAN);
        bb.put(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0});
        bb.putShort((short) header.length());
        bb.put(header.getBytes(StandardCharsets.ISO_8859_1));
        bb.put(data);
        return bb.array();
    }

    static byte[] u1(long[] shape, int... values) {
        byte[] data = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            data[i] = (byte) values[i];
        }
        return npy("|u1", shape, data);
    }

    static byte[] f4(long[] shape, float... values) {
        ByteBuffer bb = ByteBuffer.allocate(4 * values.length).order(ByteOrder.LITTLE_ENDIAN);
        for (float v : values) {
            bb.putFloat(v);
        }
        return npy("<f4", shape, bb.array());
    }

    static byte[] f8(long[] shape, double... values) {
        ByteBuffer bb = ByteBuffer.allocate(8 * values.length).order(ByteOrder.LITTLE_ENDIAN);
        for (double v : values) {
            bb.putDouble(v);
        }
        return npy("<f8", shape, bb.array());
    }

    static byte[] i8(long... values) {
        ByteBuffer bb = ByteBuffer.allocate(8 * values.length).order(ByteOrder.LITTLE_ENDIAN);
        for (long v : values) {
            bb.putLong(v);
        }
        return npy("<i8", new long[] {values.length}, bb.array());
    }

    /** A NumPy unicode array, {@code <U n}, as {@code np.array(names)} makes. */
    static byte[] unicode(String... names) {
        int width = 1;
        for (String name : names) {
            width = Math.max(width, name.codePointCount(0, name.length()));
        }
        ByteBuffer bb = ByteBuffer.allocate(4 * width * names.length).order(ByteOrder.LITTLE_ENDIAN);
        for (String name : names) {
            int[] points = name.codePoints().toArray();
            for (int i = 0; i < width; i++) {
                bb.putInt(i < points.length ? points[i] : 0);
            }
        }
        return npy("<U" + width, new long[] {names.length}, bb.array());
    }

    /** A valid Keras-layout set of 2-feature vectors: 3 train, 2 test examples, classes 0..2. */
    static Map<String, byte[]> npzVectors() {
        Map<String, byte[]> arrays = new LinkedHashMap<>();
        arrays.put("x_train.npy", f4(shape(3, 2), 0.5f, 1, 2, 3, 4, 5));
        arrays.put("y_train.npy", i8(0, 2, 1));
        arrays.put("x_test.npy", f4(shape(2, 2), 6, 7, 8, 9));
        arrays.put("y_test.npy", i8(1, 0));
        return arrays;
    }

    static long[] shape(long... dims) {
        return dims;
    }

    /** Writes a zip of the entries, in order (an .npz when the names end in .npy). */
    static Path zip(Path file, Map<String, byte[]> entries) throws IOException {
        try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(file))) {
            for (var entry : entries.entrySet()) {
                zip.putNextEntry(new ZipEntry(entry.getKey()));
                zip.write(entry.getValue());
                zip.closeEntry();
            }
        }
        return file;
    }

    /** Writes a tar of the entries, gzipped when the name ends in .gz or .tgz. */
    static Path tar(Path file, Map<String, byte[]> entries) throws IOException {
        String name = file.getFileName().toString();
        try (OutputStream out = Files.newOutputStream(file);
                OutputStream maybeGzip = name.endsWith("gz") ? new GZIPOutputStream(out) : out;
                TarArchiveOutputStream tar = new TarArchiveOutputStream(maybeGzip)) {
            for (var entry : entries.entrySet()) {
                TarArchiveEntry header = new TarArchiveEntry(entry.getKey());
                header.setSize(entry.getValue().length);
                tar.putArchiveEntry(header);
                tar.write(entry.getValue());
                tar.closeArchiveEntry();
            }
        }
        return file;
    }

    static byte[] gzip(byte[] data) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(bytes)) {
            gzip.write(data);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /** A PNG of {@code width x height}: grey when {@code grey}, else RGB; {@code pixel} gives 0xRRGGBB or grey. */
    static byte[] png(int width, int height, boolean grey, PixelFunction pixel) {
        BufferedImage image = new BufferedImage(width, height,
                grey ? BufferedImage.TYPE_BYTE_GRAY : BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                if (grey) {
                    image.getRaster().setSample(x, y, 0, pixel.at(x, y));
                } else {
                    image.setRGB(x, y, pixel.at(x, y));
                }
            }
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try {
            ImageIO.write(image, "png", bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /** A pixel's value from its position. */
    interface PixelFunction {
        int at(int x, int y);
    }
}
