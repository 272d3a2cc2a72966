package io.distill.deploycheck;

import java.util.ArrayList;

/** What a check found wrong, one "where: what" line each; empty when all is well. */
final class Problems extends ArrayList<String> {

    /** Adds {@code problem} unless {@code ok}. */
    void expect(boolean ok, String problem) {
        if (!ok) {
            add(problem);
        }
    }
}
