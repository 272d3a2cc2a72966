package io.distill.contract.metrics;

import java.util.List;
import java.util.Map;

/** One record of each kind of metrics, with every field set, for the JSON tests. */
public final class MetricsSamples {

    private MetricsSamples() {}

    public static TeacherMetrics teacher() {
        return new TeacherMetrics(95, 10_000, 0.031, 48, 5_000, List.of(3, 5, 12, 9, 11, 10, 8, 13, 14, 10),
                List.of(List.of(977, 3), List.of(2, 1130)), 20, 20, 7_480L, 3_600L, null);
    }

    public static TeacherMetrics teacherEnsemble() {
        return new TeacherMetrics(80, 10_000, 0.027, 41, 5_000, List.of(2, 4, 10, 8, 9, 9, 7, 11, 12, 8),
                List.of(List.of(978, 2), List.of(1, 1131)), null, null, null, null,
                List.of(new TeacherMetrics.Member("t-1-0", 1, 95, 48), new TeacherMetrics.Member("t-1-1", 2, 97, 50)));
    }

    public static StudentMetrics student() {
        return new StudentMetrics(646, 10_000, 0.205, 254, 5_000, List.of(15, 23, 68, 117, 51, 82, 47, 71, 79, 93),
                List.of(List.of(965, 0), List.of(0, 1112)), 3_000, 2, 15, 15,
                new StudentMetrics.BiasAdjustment(List.of(3), 0.8, 274, 254, 677, 646, 175, 117), 2);
    }

    public static EnsembleMetrics ensemble() {
        return new EnsembleMetrics(1_093, 1_071, 10_000, 1_071, 0.0024,
                new EnsembleMetrics.Control(3, 147_000, 145_332, 49_000, 1_080, 540, 5_000, 0.001, 0.29),
                List.of(List.of(0, 2, 4, 6), List.of(5, 7, 9)),
                List.of(new EnsembleMetrics.Specialist(List.of(0, 2, 4, 6), 4_684, 2_342, 2_342, 4_000, 2_864, 0.716,
                        1.56, 0.446, 0.33, 3_956),
                        new EnsembleMetrics.Specialist(List.of(5, 7, 9), 4_000, 2_000, 2_000, 0, 0, null, 1.2,
                                0.18, 0.41, 2_100)),
                List.of(new CoverageTable.Row(0, 3_000, 2_700, 2_700, 2_698, 0.0), new CoverageTable.Row(1, 7_000,
                        6_207, 6_229, 6_222, 0.0035)),
                new EnsembleMetrics.Combination("EM fixed point of the KL objective", 1e-7, 10_000, 3.5, 40, 0,
                        List.of(44, 9_956)),
                List.of(List.of(0.08, -0.01), List.of(-0.01, 0.07)), 49_869, 1);
    }

    public static SpecialistMetrics specialist() {
        return new SpecialistMetrics(new TrainedSpecialist(1, List.of(5, 7, 9), 4_000, 2_000, 2_000, 1.2, 0.18, 0.41));
    }

    public static ControlMetrics control() {
        return new ControlMetrics(new TrainedControl(3, 147_000, 145_332, 49_000, 0.29));
    }

    public static TransferSetMetrics transferSet() {
        return TransferSetMetrics.complete(49_869, new int[] {5_444, 6_179, 5_470, 0, 5_307, 4_987, 5_417, 5_715,
                5_389, 5_431}, Map.of("0", new long[] {120_000, 144_935}), 41.5, 1);
    }
}
