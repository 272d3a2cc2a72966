package io.distill.core.data.formats;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The header of a {@code .npy} array: its dtype, order and shape, read so that an unsupported dtype gets a clear
 * message before DJL decodes the data, and so that {@link NpyStrings} can read what DJL cannot.
 *
 * @param descr        the NumPy dtype string, such as {@code |u1}, {@code <f4} or {@code <U12}
 * @param fortranOrder whether the data is column-major
 * @param shape        the sizes, outermost first
 */
record NpyHeader(String descr, boolean fortranOrder, long[] shape) {

    private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
    private static final Pattern DESCR = Pattern.compile("'descr'\\s*:\\s*'([^']*)'");
    private static final Pattern ORDER = Pattern.compile("'fortran_order'\\s*:\\s*(True|False)");
    private static final Pattern SHAPE = Pattern.compile("'shape'\\s*:\\s*\\(([^)]*)\\)");
    /** Room for the largest version-1 header, which is what NumPy writes unless it must not. */
    private static final int PEEK = 1 << 17;

    /** Reads the header at the start of {@code in} without consuming it; {@code in} must support mark. */
    static NpyHeader peek(InputStream in, String file) throws IOException {
        in.mark(PEEK);
        try {
            return read(new DataInputStream(in), file);
        } finally {
            in.reset();
        }
    }

    /** Reads and consumes the header, leaving {@code in} at the first data byte. */
    static NpyHeader read(DataInputStream in, String file) throws IOException {
        try {
            byte[] magic = new byte[MAGIC.length];
            in.readFully(magic);
            if (!Arrays.equals(magic, MAGIC)) {
                throw new DatasetFileException(file, "Entry " + file + " is not a NumPy .npy array.");
            }
            int major = in.readUnsignedByte();
            in.readUnsignedByte();
            int length = major == 1 ? Short.toUnsignedInt(Short.reverseBytes(in.readShort()))
                    : Integer.reverseBytes(in.readInt());
            if (length < 0 || length > PEEK - 12) {
                throw new DatasetFileException(file, "Entry " + file + " has a NumPy header of " + length
                        + " bytes, more than a data set's array needs.");
            }
            byte[] text = new byte[length];
            in.readFully(text);
            return parse(new String(text, major >= 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1), file);
        } catch (EOFException e) {
            throw new DatasetFileException(file, "Entry " + file + " ends inside its NumPy header.", e);
        }
    }

    private static NpyHeader parse(String header, String file) {
        Matcher descr = DESCR.matcher(header);
        Matcher order = ORDER.matcher(header);
        Matcher shape = SHAPE.matcher(header);
        if (!descr.find() || !order.find() || !shape.find()) {
            throw new DatasetFileException(file, "Entry " + file + " has a NumPy header without a plain dtype,"
                    + " order and shape: " + header.trim());
        }
        String dims = shape.group(1).replace(" ", "");
        long[] sizes = dims.isEmpty() ? new long[0]
                : Arrays.stream(dims.split(",")).filter(s -> !s.isEmpty()).mapToLong(Long::parseLong).toArray();
        return new NpyHeader(descr.group(1), order.group(1).equals("True"), sizes);
    }

    /** The dtype as NumPy names it, such as {@code uint8}; the raw descr when it is not a plain number type. */
    String dtypeName() {
        if (descr.length() < 3) {
            return descr;
        }
        String bits = descr.substring(2);
        return switch (descr.charAt(1)) {
            case 'u' -> "uint" + 8 * Integer.parseInt(bits);
            case 'i' -> "int" + 8 * Integer.parseInt(bits);
            case 'f' -> "float" + 8 * Integer.parseInt(bits);
            case 'b' -> "bool";
            case 'U' -> "str";
            case 'S' -> "bytes";
            default -> descr;
        };
    }

    /** Whether the values are stored big-endian, which DJL would hand the engine as they are. */
    boolean bigEndian() {
        return descr.startsWith(">");
    }

    /** The shape as NumPy prints it, such as {@code (60000, 28, 28)}. */
    String shapeText() {
        StringBuilder sb = new StringBuilder("(");
        for (int i = 0; i < shape.length; i++) {
            sb.append(i == 0 ? "" : ", ").append(shape[i]);
        }
        return sb.append(shape.length == 1 ? ",)" : ")").toString();
    }
}
