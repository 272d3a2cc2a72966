package io.distill.contract.metrics;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Arrays as the immutable lists the metrics records hold, so that two records with the same values
 * are equal (an array component compares by identity).
 */
public final class Lists {

    private Lists() {}

    public static List<Integer> of(int[] values) {
        return values == null ? null : Arrays.stream(values).boxed().toList();
    }

    public static List<List<Integer>> of(int[][] rows) {
        return rows == null ? null : Arrays.stream(rows).map(Lists::of).toList();
    }

    public static List<List<Double>> of(double[][] rows) {
        return rows == null ? null : Arrays.stream(rows).map(r -> Arrays.stream(r).boxed().toList()).toList();
    }

    /** Per key, the values as a list; the keys keep their order. */
    public static Map<String, List<Long>> of(Map<String, long[]> values) {
        if (values == null) {
            return null;
        }
        Map<String, List<Long>> out = new LinkedHashMap<>();
        values.forEach((k, v) -> out.put(k, Arrays.stream(v).boxed().toList()));
        return java.util.Collections.unmodifiableMap(out);
    }
}
