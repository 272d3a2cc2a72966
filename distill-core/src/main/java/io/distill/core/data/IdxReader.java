package io.distill.core.data;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * Reads unsigned-byte IDX files (the MNIST format), raw or gzipped, all or nothing.
 *
 * <p>It checks the magic number, the number and size of the dimensions, and that the data is
 * exactly as long as the header says. Any problem is an {@link IdxFormatException} naming the file.
 */
public final class IdxReader {

    /** The IDX type code for unsigned bytes, the only type MNIST uses. */
    private static final int UNSIGNED_BYTE = 0x08;

    private IdxReader() {}

    /** An IDX tensor: its dimensions and its bytes in row-major order. */
    public record IdxArray(Path file, int[] dimensions, byte[] data) {}

    /** Reads images: a 3-dimensional file of {@code count x rows x cols} bytes. */
    public static IdxArray readImages(Path file) throws IOException {
        return read(file, 3);
    }

    /** Reads labels: a 1-dimensional file of {@code count} bytes. */
    public static IdxArray readLabels(Path file) throws IOException {
        return read(file, 1);
    }

    /** Reads an unsigned-byte IDX file that must have {@code expectedDimensions} dimensions. */
    public static IdxArray read(Path file, int expectedDimensions) throws IOException {
        return read(file, expectedDimensions, Integer.MAX_VALUE - 8);
    }

    /**
     * Reads an unsigned-byte IDX file that must have {@code expectedDimensions} dimensions and whose header
     * declares at most {@code maxDataBytes} bytes of data, so that a gzipped file cannot inflate past that.
     */
    public static IdxArray read(Path file, int expectedDimensions, long maxDataBytes) throws IOException {
        try (DataInputStream in = new DataInputStream(open(file))) {
            int zero = in.readUnsignedShort();
            int type = in.readUnsignedByte();
            int rank = in.readUnsignedByte();
            if (zero != 0 || type != UNSIGNED_BYTE) {
                throw new IdxFormatException(file, String.format(
                        "has a bad magic number 0x%04x%02x%02x, expected 0x0000%02x%02x (unsigned bytes, %d dimensions)",
                        zero, type, rank, UNSIGNED_BYTE, expectedDimensions, expectedDimensions));
            }
            if (rank != expectedDimensions) {
                throw new IdxFormatException(file, "has " + rank + " dimensions, expected " + expectedDimensions);
            }
            int[] dims = new int[rank];
            long length = 1;
            for (int i = 0; i < rank; i++) {
                dims[i] = in.readInt();
                if (dims[i] <= 0) {
                    throw new IdxFormatException(file, "dimension " + i + " is " + dims[i] + ", expected a positive size");
                }
                length *= dims[i];
            }
            if (length > Integer.MAX_VALUE - 8) {
                throw new IdxFormatException(file, "declares " + length + " bytes of data, more than one array can hold");
            }
            if (length > maxDataBytes) {
                throw new IdxFormatException(file, "declares " + length + " bytes of data, more than the limit of "
                        + maxDataBytes);
            }
            byte[] data = new byte[(int) length];
            int read = in.readNBytes(data, 0, data.length);
            if (read < data.length) {
                throw new IdxFormatException(file, "is truncated: the header declares " + length
                        + " bytes of data but only " + read + " follow");
            }
            if (in.read() != -1) {
                throw new IdxFormatException(file, "has trailing bytes after the " + length + " bytes the header declares");
            }
            return new IdxArray(file, dims, data);
        } catch (EOFException e) {
            throw new IdxFormatException(file, "is truncated inside its header");
        } catch (ZipException e) {
            throw new IdxFormatException(file, "is not a valid gzip stream: " + e.getMessage());
        } catch (NoSuchFileException e) {
            throw new NoSuchFileException(file.toString(), null, "no such IDX file");
        }
    }

    /** Opens the file, unzipping it when it starts with the gzip magic bytes. */
    private static InputStream open(Path file) throws IOException {
        InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
        in.mark(2);
        int b0 = in.read();
        int b1 = in.read();
        in.reset();
        boolean gzip = b0 == 0x1f && b1 == 0x8b;
        return gzip ? new BufferedInputStream(new GZIPInputStream(in, 1 << 16), 1 << 16) : in;
    }
}
