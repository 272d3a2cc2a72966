package io.distill.core.data.formats;

import io.distill.contract.datasets.InputShape;
import io.distill.core.data.formats.ArchiveEntries.Entry;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Reads an archive laid out as torchvision's ImageFolder reads it: {@code train/<class>/*.png|jpg|jpeg},
 * {@code test/<class>/...} and optionally {@code val/<class>/...} (or {@code validation/}), maybe all under one
 * top folder, images maybe in subfolders of their class folder; other files are ignored.
 *
 * <p>The classes are the sorted folder names under {@code train/} (or {@link ReadOptions#classNames} in its
 * order); the test and validation splits may use fewer. Images are decoded by {@link ImagePixels} and must all
 * have the size and channels of the first training image. Each split's examples are in path order.
 */
final class ImageFolderReader implements FormatReader {

    private static final Map<String, String> FOLDERS = Map.of("train", SourceSplit.TRAIN,
            "val", SourceSplit.VALIDATION, "validation", SourceSplit.VALIDATION, "test", SourceSplit.TEST);
    private static final Pattern IMAGE = Pattern.compile("(?i).+\\.(png|jpe?g)");

    @Override
    public SourceDataset read(Path source, ReadOptions options) throws IOException {
        InputLimits limits = new InputLimits(options);
        String file = InputLimits.name(source);
        List<Entry> entries = ArchiveEntries.read(source, limits, path -> IMAGE.matcher(path).matches());
        Map<String, List<Entry>> splits = bySplit(entries, file);
        for (String folder : List.of("train", "test")) {
            if (!splits.containsKey(FOLDERS.get(folder))) {
                throw new DatasetFileException(file, "Archive " + file + " has no " + folder + "/ folder of class"
                        + " folders with .png or .jpg images, such as " + folder + "/cat/001.png.");
            }
        }
        TreeSet<String> trainClasses = new TreeSet<>();
        splits.get(SourceSplit.TRAIN).forEach(entry -> trainClasses.add(className(entry)));
        List<String> names = ClassNames.forNames(options, trainClasses, file);
        Map<String, Integer> index = ClassNames.indices(names);
        ImagePixels first = ImagePixels.decode(splits.get(SourceSplit.TRAIN).get(0).data(),
                path(file, splits.get(SourceSplit.TRAIN).get(0)), limits);
        Map<String, SourceSplit> read = new LinkedHashMap<>();
        for (var split : splits.entrySet()) {
            read.put(split.getKey(), split(split.getKey(), split.getValue(), file, trainClasses, index, first, limits));
        }
        return DatasetChecks.assemble(names, read.get(SourceSplit.TRAIN), read.get(SourceSplit.VALIDATION),
                read.get(SourceSplit.TEST));
    }

    /** The images of each split, keeping path order, after dropping one top folder that holds everything. */
    private static Map<String, List<Entry>> bySplit(List<Entry> entries, String file) {
        String first = entries.isEmpty() ? "" : entries.get(0).path();
        String root = first.substring(0, first.indexOf('/') + 1);
        boolean rooted = !root.isEmpty() && !FOLDERS.containsKey(root.substring(0, root.length() - 1))
                && entries.stream().allMatch(entry -> entry.path().startsWith(root));
        Map<String, List<Entry>> splits = new LinkedHashMap<>();
        Map<String, String> folderOf = new LinkedHashMap<>();
        for (Entry entry : entries) {
            String relative = rooted ? entry.path().substring(root.length()) : entry.path();
            String[] parts = relative.split("/");
            String split = FOLDERS.get(parts[0]);
            if (parts.length < 3 || split == null) {
                continue;
            }
            String other = folderOf.putIfAbsent(split, parts[0]);
            if (other != null && !other.equals(parts[0])) {
                throw new DatasetFileException(file, "Archive " + file + " has both " + other + "/ and " + parts[0]
                        + "/ folders; keep one validation folder.");
            }
            splits.computeIfAbsent(split, key -> new ArrayList<>()).add(new Entry(relative, entry.data()));
        }
        return splits;
    }

    private static SourceSplit split(String split, List<Entry> entries, String file, TreeSet<String> trainClasses,
            Map<String, Integer> index, ImagePixels first, InputLimits limits) {
        InputShape shape = first.shape();
        if ((long) entries.size() * shape.features() > Integer.MAX_VALUE - 8) {
            throw new DatasetFileException(file, "Archive " + file + " has " + entries.size() + " " + split
                    + " images of " + first.describe() + ", more pixels than one split can hold.");
        }
        byte[] pixels = new byte[entries.size() * shape.features()];
        int[] labels = new int[entries.size()];
        for (int i = 0; i < entries.size(); i++) {
            Entry entry = entries.get(i);
            String name = className(entry);
            if (!trainClasses.contains(name)) {
                throw new DatasetFileException(path(file, entry), "Folder " + entry.path().split("/")[0] + "/"
                        + name + " in " + file + " is class '" + name
                        + "', which has no folder under train/; every class needs training images.");
            }
            ImagePixels image = ImagePixels.decode(entry.data(), path(file, entry), limits);
            if (!image.shape().equals(shape)) {
                throw new DatasetFileException(path(file, entry), "Image " + path(file, entry) + " is "
                        + image.describe() + ", but the first training image is " + first.describe()
                        + "; every image must have the same size and channels.");
            }
            System.arraycopy(image.pixels(), 0, pixels, i * shape.features(), shape.features());
            labels[i] = index.get(name);
        }
        return SourceSplit.of(split, file, shape, new SplitArrays(pixels, null, labels));
    }

    /** The class folder of {@code split/class/.../image}. */
    private static String className(Entry entry) {
        return entry.path().split("/")[1];
    }

    private static String path(String file, Entry entry) {
        return file + "/" + entry.path();
    }
}
