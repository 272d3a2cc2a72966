package io.distill.contract.metrics;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

/**
 * The paper's Table 4 for one test set: test examples grouped by how many specialists cover their
 * correct class, with the generalist's, the ensemble's and, when there is one, the control's correct
 * counts in each group.
 */
public final class CoverageTable {

    /**
     * One row.
     *
     * @param controlCorrect the control's correct answers, or null without a control (and in rows
     *                       written before controls existed)
     * @param relativeChange (ensembleCorrect - generalistCorrect) / generalistCorrect, or null when
     *                       the generalist got none right
     */
    public record Row(int specialistsCovering, int examples, int generalistCorrect, int ensembleCorrect,
            Integer controlCorrect, Double relativeChange) {}

    private final boolean control;
    private final TreeMap<Integer, int[]> counts = new TreeMap<>();

    /** A table of the generalist and the ensemble only. */
    public CoverageTable() {
        this(false);
    }

    /** A table that also counts a control's correct answers when {@code control} is true. */
    public CoverageTable(boolean control) {
        this.control = control;
    }

    /** Records one test example, in a table without a control. */
    public void add(int specialistsCovering, boolean generalistCorrect, boolean ensembleCorrect) {
        add(specialistsCovering, generalistCorrect, ensembleCorrect, null);
    }

    /** Records one test example; {@code controlCorrect} is null exactly when the table has no control. */
    public void add(int specialistsCovering, boolean generalistCorrect, boolean ensembleCorrect,
            Boolean controlCorrect) {
        if ((controlCorrect != null) != control) {
            throw new IllegalArgumentException("controlCorrect is " + controlCorrect + ", expected "
                    + (control ? "true or false in a table with a control" : "null in a table without a control")
                    + ".");
        }
        int[] c = counts.computeIfAbsent(specialistsCovering, k -> new int[4]);
        c[0]++;
        c[1] += generalistCorrect ? 1 : 0;
        c[2] += ensembleCorrect ? 1 : 0;
        c[3] += Boolean.TRUE.equals(controlCorrect) ? 1 : 0;
    }

    /** The rows, by increasing number of covering specialists; groups with no example are left out. */
    public List<Row> rows() {
        List<Row> rows = new ArrayList<>();
        counts.forEach((k, c) -> rows.add(new Row(k, c[0], c[1], c[2], control ? c[3] : null,
                c[1] == 0 ? null : (double) (c[2] - c[1]) / c[1])));
        return rows;
    }
}
