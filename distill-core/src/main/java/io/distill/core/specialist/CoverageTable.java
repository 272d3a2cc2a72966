package io.distill.core.specialist;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

/**
 * The paper's Table 4 for one test set: test examples grouped by how many specialists cover their
 * correct class, with the generalist's and the ensemble's correct counts in each group.
 */
public final class CoverageTable {

    /**
     * One row.
     *
     * @param relativeChange (ensembleCorrect - generalistCorrect) / generalistCorrect, or null when
     *                       the generalist got none right
     */
    public record Row(int specialistsCovering, int examples, int generalistCorrect, int ensembleCorrect,
            Double relativeChange) {}

    private final TreeMap<Integer, int[]> counts = new TreeMap<>();

    /** Records one test example. */
    public void add(int specialistsCovering, boolean generalistCorrect, boolean ensembleCorrect) {
        int[] c = counts.computeIfAbsent(specialistsCovering, k -> new int[3]);
        c[0]++;
        c[1] += generalistCorrect ? 1 : 0;
        c[2] += ensembleCorrect ? 1 : 0;
    }

    /** The rows, by increasing number of covering specialists; groups with no example are left out. */
    public List<Row> rows() {
        List<Row> rows = new ArrayList<>();
        counts.forEach((k, c) -> rows.add(new Row(k, c[0], c[1], c[2],
                c[1] == 0 ? null : (double) (c[2] - c[1]) / c[1])));
        return rows;
    }

    /** How many specialists in {@code subsets} hold {@code label}. */
    public static int covering(List<ClassSubset> subsets, int label) {
        return (int) subsets.stream().filter(s -> s.contains(label)).count();
    }
}
