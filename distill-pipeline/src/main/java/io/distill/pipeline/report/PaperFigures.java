package io.distill.pipeline.report;

import io.distill.pipeline.report.ResultsDocument.Paper;

/**
 * The paper's MNIST figures beside each role (Hinton, Vinyals and Dean 2015, section 3), all on the
 * 10,000 test images; the 7/8 experiment is reported there as a percentage of them.
 */
final class PaperFigures {

    private PaperFigures() {}

    /** The paper's figure for {@code role} at {@code biasFix} ({@code before}, {@code after} or null); null if it has none. */
    static Paper of(Roles.Role role, String biasFix) {
        if (!role.mnist() || role.augmented()) {
            return null;
        }
        boolean after = "after".equals(biasFix);
        return switch (role.role()) {
            case "teacher" -> biasFix == null ? new Paper(67, "67") : null;
            case "hard" -> after ? null : new Paper(146, "146");
            case "distilled" -> after ? null : new Paper(74, "74");
            // 206 errors, 133 of them on the 1,010 test 3s, before; 109 (14 on 3s) after.
            case "omit-3" -> after ? new Paper(109, "109") : new Paper(206, "206");
            // 47.3 % and 13.2 % test error on the 10,000 test images.
            case "7/8" -> after ? new Paper(1_320, "1,320 (13.2 %)") : new Paper(4_730, "4,730 (47.3 %)");
            default -> null;
        };
    }
}
