package io.distill.core.data.formats;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * The size limits of one read: no input file over {@link ReadOptions#maxFileBytes}, and no more than
 * {@link ReadOptions#maxDecompressedBytes} inflated in all, however many entries or gzip files that takes.
 *
 * <p>Inflated data passes through {@link #inflated}, which also turns a truncated or corrupt gzip or zip stream
 * into a {@link DatasetFileException} naming the file.
 */
final class InputLimits {

    private static final int BUFFER = 1 << 16;

    private final long maxFileBytes;
    private final long maxInflated;
    private long inflated;

    InputLimits(ReadOptions options) {
        this.maxFileBytes = options.maxFileBytes();
        this.maxInflated = options.maxDecompressedBytes();
    }

    /** The user-facing name of {@code file}: its name alone, never the server's path to it. */
    static String name(Path file) {
        Path name = file.getFileName();
        return name == null ? file.toString() : name.toString();
    }

    /** Checks that {@code file} exists and is within the size limit. */
    void checkFile(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new DatasetFileException(name(file), "File " + name(file) + " does not exist or is not a file.");
        }
        checkSize(name(file), Files.size(file));
    }

    /** Checks that a file or archive entry of {@code size} bytes is within the size limit. */
    void checkSize(String file, long size) {
        if (size > maxFileBytes) {
            throw new DatasetFileException(file, "File " + file + " is " + bytes(size)
                    + ", more than the limit of " + bytes(maxFileBytes) + ".");
        }
    }

    /** Opens {@code file} after checking its size, inflating it when it starts with the gzip magic bytes. */
    InputStream open(Path file) throws IOException {
        checkFile(file);
        InputStream in = new BufferedInputStream(Files.newInputStream(file), BUFFER);
        in.mark(2);
        boolean gzip = in.read() == 0x1f && in.read() == 0x8b;
        in.reset();
        if (!gzip) {
            return in;
        }
        try {
            return inflated(new GZIPInputStream(in, BUFFER), name(file));
        } catch (EOFException | ZipException e) {
            in.close();
            throw corrupt(name(file), e);
        }
    }

    /** Counts the bytes read from {@code in}, an inflating stream over {@code file}, against the limit. */
    InputStream inflated(InputStream in, String file) {
        return new BufferedInputStream(new Guard(in, file), BUFFER);
    }

    /** Counts {@code n} more bytes decompressed from {@code file}, failing past the limit. */
    void charge(String file, long n) {
        inflated += n;
        if (inflated > maxInflated) {
            throw new DatasetFileException(file, "File " + file + " inflates past the limit of "
                    + bytes(maxInflated) + " of decompressed data in one upload.");
        }
    }

    static DatasetFileException corrupt(String file, IOException e) {
        return new DatasetFileException(file, "File " + file + " is truncated or corrupt ("
                + e.getClass().getSimpleName() + ": " + e.getMessage() + ").", e);
    }

    static String bytes(long n) {
        return String.format(Locale.ROOT, "%,d bytes", n);
    }

    /** Counts inflated bytes and names the file when its compressed data is broken. */
    private final class Guard extends FilterInputStream {

        private final String file;

        Guard(InputStream in, String file) {
            super(in);
            this.file = file;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            int n = read(one, 0, 1);
            return n < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n;
            try {
                n = super.read(b, off, len);
            } catch (EOFException | ZipException e) {
                throw corrupt(file, e);
            }
            if (n > 0) {
                charge(file, n);
            }
            return n;
        }

        @Override
        public long skip(long n) throws IOException {
            int chunk = (int) Math.min(Math.max(n, 0), BUFFER);
            return Math.max(read(new byte[chunk], 0, chunk), 0);
        }
    }
}
