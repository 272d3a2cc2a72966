package io.distill.core.data.formats;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a 1-D NumPy string array ({@code <U} unicode or {@code |S} bytes), such as an {@code .npz}'s
 * {@code class_names}.
 *
 * <p>Home-made on purpose: DJL 0.36's NumPy decoder accepts only one-byte {@code |S1} strings and no unicode,
 * and the Java NumPy readers on Maven Central (org.openlca:npy, JetBrains' npy) read numbers only. A string
 * array is fixed-width and simple: {@code count} items of {@code n} UTF-32 code points ({@code <U n}) or
 * {@code n} bytes ({@code |S n}), each padded with NULs.
 */
final class NpyStrings {

    private NpyStrings() {}

    static List<String> read(InputStream stream, String file) throws IOException {
        DataInputStream in = new DataInputStream(stream);
        NpyHeader header = NpyHeader.read(in, file);
        String descr = header.descr();
        char kind = descr.length() < 3 ? '?' : descr.charAt(1);
        if ((kind != 'U' && kind != 'S') || header.shape().length != 1 || !descr.substring(2).matches("\\d{1,4}")) {
            throw new DatasetFileException(file, "Entry " + file + " holds " + header.dtypeName() + " values of shape "
                    + header.shapeText() + ", expected a 1-D array of strings; save it as"
                    + " np.array(names, dtype=str).");
        }
        int width = Integer.parseInt(descr.substring(2));
        int itemBytes = kind == 'U' ? 4 * width : width;
        Charset charset = kind == 'S' ? StandardCharsets.UTF_8
                : descr.charAt(0) == '>' ? Charset.forName("UTF-32BE") : Charset.forName("UTF-32LE");
        long count = header.shape()[0];
        if (count > ClassNames.MAX_CLASSES) {
            throw new DatasetFileException(file, "Entry " + file + " holds " + count + " names, more than the "
                    + ClassNames.MAX_CLASSES + " classes supported.");
        }
        List<String> names = new ArrayList<>();
        byte[] item = new byte[itemBytes];
        try {
            for (long i = 0; i < count; i++) {
                in.readFully(item);
                names.add(trimNuls(new String(item, charset)));
            }
        } catch (EOFException e) {
            throw new DatasetFileException(file, "Entry " + file + " is truncated: its header declares "
                    + count + " strings but only " + names.size() + " follow.", e);
        }
        return names;
    }

    private static String trimNuls(String s) {
        int end = s.length();
        while (end > 0 && s.charAt(end - 1) == '\0') {
            end--;
        }
        return s.substring(0, end);
    }
}
