package io.distill.core.data.formats;

import io.distill.contract.requests.Bounds;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * Where a data set's class names come from: the user's list when given, else the files' own names, else the
 * label indices written as digits; at least 2 and at most {@value #MAX_CLASSES} distinct, non-blank names.
 */
final class ClassNames {

    /** The most classes a registered data set may have. */
    static final int MAX_CLASSES = Bounds.MAX_CLASSES;

    private ClassNames() {}

    /**
     * Names for integer labels: the given names, else {@code fromFile}, else {@code "0"} to the largest label.
     *
     * @param file   where the names or the labels come from, for messages
     * @param splits the splits whose labels are indices; null ones are skipped
     */
    static List<String> forIndices(ReadOptions options, List<String> fromFile, String file, SourceSplit... splits) {
        if (options.classNames() != null) {
            return check(options.classNames(), file, "The class names given for " + file);
        }
        if (fromFile != null) {
            return check(fromFile, file, "The class names in " + file);
        }
        SourceSplit largest = Arrays.stream(splits).filter(Objects::nonNull)
                .max(Comparator.comparingInt(ClassNames::maxLabel)).orElseThrow();
        String labels = largest.labelsFile();
        long classes = 1L + maxLabel(largest);
        if (classes > MAX_CLASSES) {
            throw new DatasetFileException(labels, "The labels in " + labels + " go up to " + (classes - 1)
                    + ", which makes " + classes + " classes; at most " + MAX_CLASSES + " are supported.");
        }
        List<String> names = new ArrayList<>();
        for (int i = 0; i < classes; i++) {
            names.add(Integer.toString(i));
        }
        return check(names, labels, "The labels in " + labels);
    }

    /** Names for named labels: {@code given} in its order, every label found among them; else sorted. */
    static List<String> forNames(ReadOptions options, Collection<String> found, String file) {
        if (options.classNames() == null) {
            return check(List.copyOf(new TreeSet<>(found)), file, "The labels in " + file);
        }
        List<String> names = check(options.classNames(), file, "The class names given for " + file);
        Set<String> known = new HashSet<>(names);
        for (String label : new TreeSet<>(found)) {
            if (!known.contains(label)) {
                throw new DatasetFileException(file, "Label '" + label + "' in " + file
                        + " is not one of the class names given: " + names + ".");
            }
        }
        return names;
    }

    /** The largest label of the split, or -1 when it has none. */
    private static int maxLabel(SourceSplit split) {
        return Arrays.stream(split.arrays().labels()).max().orElse(-1);
    }

    /** Each name's class index. */
    static Map<String, Integer> indices(List<String> names) {
        Map<String, Integer> index = new HashMap<>();
        for (int i = 0; i < names.size(); i++) {
            index.put(names.get(i), i);
        }
        return index;
    }

    /** Checks the count, blanks and duplicates; {@code origin} starts each message. */
    private static List<String> check(List<String> names, String file, String origin) {
        if (names.size() < 2 || names.size() > MAX_CLASSES) {
            throw new DatasetFileException(file, origin + " make " + names.size() + " class"
                    + (names.size() == 1 ? "" : "es") + ", expected 2 to " + MAX_CLASSES + ".");
        }
        Set<String> seen = new HashSet<>();
        for (String name : names) {
            if (name == null || name.isBlank()) {
                throw new DatasetFileException(file, origin + " include a blank class name.");
            }
            if (!seen.add(name)) {
                throw new DatasetFileException(file, origin + " name class '" + name + "' twice.");
            }
        }
        return List.copyOf(names);
    }
}
