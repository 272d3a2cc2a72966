package io.distill.core.data.formats;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Enumeration;
import java.util.List;
import java.util.function.Predicate;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/**
 * The files of a {@code .zip}, {@code .tar}, {@code .tar.gz} or {@code .tgz} archive, sorted by path so that the
 * same archive always gives the same order; folders, {@code __MACOSX/} and dotfiles are left out.
 *
 * <p>Zip is read with {@link ZipFile}, tar with Apache Commons Compress; the kind is told by the first bytes,
 * not the name. Every entry is held to the size limits of {@link InputLimits}.
 */
final class ArchiveEntries {

    /** One file of the archive: its path inside it and its bytes. */
    record Entry(String path, byte[] data) {}

    private ArchiveEntries() {}

    /** The files whose path {@code wanted} accepts, sorted by path. */
    static List<Entry> read(Path archive, InputLimits limits, Predicate<String> wanted) throws IOException {
        limits.checkFile(archive);
        String file = InputLimits.name(archive);
        List<Entry> entries = isZip(archive) ? zip(archive, file, limits, wanted) : tar(archive, file, limits, wanted);
        entries.sort(Comparator.comparing(Entry::path));
        return entries;
    }

    /** Whether {@code path} is a plain file worth reading: not under {@code __MACOSX/}, no dot-named part. */
    static boolean visible(String path) {
        for (String part : path.split("/")) {
            if (part.startsWith(".") || part.equals("__MACOSX")) {
                return false;
            }
        }
        return !path.endsWith("/");
    }

    private static boolean isZip(Path archive) throws IOException {
        try (InputStream in = Files.newInputStream(archive)) {
            byte[] magic = in.readNBytes(2);
            return magic.length == 2 && magic[0] == 'P' && magic[1] == 'K';
        }
    }

    private static List<Entry> zip(Path archive, String file, InputLimits limits, Predicate<String> wanted)
            throws IOException {
        List<Entry> entries = new ArrayList<>();
        try (ZipFile zip = new ZipFile(archive.toFile())) {
            Enumeration<? extends ZipEntry> all = zip.entries();
            while (all.hasMoreElements()) {
                ZipEntry entry = all.nextElement();
                String path = entry.getName();
                if (!entry.isDirectory() && visible(path) && wanted.test(path)) {
                    limits.checkSize(file + "/" + path, entry.getSize());
                    try (InputStream in = limits.inflated(zip.getInputStream(entry), file + "/" + path)) {
                        entries.add(new Entry(path, in.readAllBytes()));
                    }
                }
            }
        } catch (ZipException e) {
            throw InputLimits.corrupt(file, e);
        }
        return entries;
    }

    private static List<Entry> tar(Path archive, String file, InputLimits limits, Predicate<String> wanted)
            throws IOException {
        List<Entry> entries = new ArrayList<>();
        try (InputStream in = limits.open(archive);
                TarArchiveInputStream tar = new TarArchiveInputStream(new BufferedInputStream(in))) {
            TarArchiveEntry entry;
            while ((entry = tar.getNextEntry()) != null) {
                String path = entry.getName().startsWith("./") ? entry.getName().substring(2) : entry.getName();
                if (entry.isFile() && visible(path) && wanted.test(path)) {
                    limits.checkSize(file + "/" + path, entry.getSize());
                    entries.add(new Entry(path, tar.readAllBytes()));
                }
            }
        } catch (DatasetFileException e) {
            throw e;
        } catch (IOException | IllegalArgumentException e) {
            throw new DatasetFileException(file, "File " + file + " is not a readable .zip or .tar archive, or it is"
                    + " truncated (" + e.getMessage() + ").", e);
        }
        if (entries.isEmpty() && !isTar(archive, limits)) {
            throw new DatasetFileException(file, "File " + file + " is neither a .zip nor a .tar archive.");
        }
        return entries;
    }

    /** Whether the (maybe gzipped) file has the ustar magic of a tar header. */
    private static boolean isTar(Path archive, InputLimits limits) throws IOException {
        try (InputStream in = limits.open(archive)) {
            byte[] header = in.readNBytes(263);
            return header.length == 263 && new String(header, 257, 5, StandardCharsets.US_ASCII)
                    .equals("ustar");
        }
    }
}
