package io.distill.deploycheck;

import java.util.ArrayList;

/** What a check found wrong, one "where: what" line each; empty when all is well. */
final class Problems extends ArrayList<String> {

    /** Adds "{@code where}: {@code what}" unless {@code ok}. */
    void expect(boolean ok, String where, String what) {
        if (!ok) {
            add(where + ": " + what);
        }
    }
}
