package io.distill.contract.requests;

import java.util.List;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * Which classes a data set keeps: all but {@code omit}, or only {@code only}. Never both.
 *
 * @param omit classes to leave out (the paper's "all 3s omitted")
 * @param only classes to keep, leaving out the rest (the paper's "only 7s and 8s")
 */
public record ClassFilter(SortedSet<Integer> omit, SortedSet<Integer> only) {

    public static final ClassFilter ALL = new ClassFilter(new TreeSet<>(), new TreeSet<>());

    public ClassFilter {
        omit = omit == null ? new TreeSet<>() : new TreeSet<>(omit);
        only = only == null ? new TreeSet<>() : new TreeSet<>(only);
        if (!omit.isEmpty() && !only.isEmpty()) {
            throw new IllegalArgumentException("omitClasses " + omit + " and onlyClasses " + only
                    + " conflict: give one or the other.");
        }
    }

    /** A filter from request lists, checking each class against {@code classes}. */
    public static ClassFilter of(List<Integer> omit, List<Integer> only, int classes) {
        checkClasses("omitClasses", omit, classes);
        checkClasses("onlyClasses", only, classes);
        ClassFilter filter = new ClassFilter(
                omit == null ? null : new TreeSet<>(omit), only == null ? null : new TreeSet<>(only));
        if (filter.omit.size() == classes) {
            throw new IllegalArgumentException("omitClasses " + filter.omit + " leaves no class to keep.");
        }
        return filter;
    }

    private static void checkClasses(String field, List<Integer> values, int classes) {
        if (values == null) {
            return;
        }
        for (Integer c : values) {
            if (c == null || c < 0 || c >= classes) {
                throw new IllegalArgumentException(field + " holds " + c + ", expected classes 0 to " + (classes - 1) + ".");
            }
        }
    }

    public boolean keepsAll() {
        return omit.isEmpty() && only.isEmpty();
    }

    public boolean keeps(int label) {
        return only.isEmpty() ? !omit.contains(label) : only.contains(label);
    }

    /** The classes this filter leaves out, out of {@code classes}. */
    public SortedSet<Integer> missing(int classes) {
        SortedSet<Integer> missing = new TreeSet<>();
        for (int c = 0; c < classes; c++) {
            if (!keeps(c)) {
                missing.add(c);
            }
        }
        return missing;
    }

    /** What a data set's name gains when this filter selects from it. */
    public String suffix() {
        return only.isEmpty() ? "-omit" + omit : "-only" + only;
    }
}
