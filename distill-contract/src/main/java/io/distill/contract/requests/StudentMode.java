package io.distill.contract.requests;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * What a student learns from, and all that follows from it: the terms of its loss, its default
 * weights and temperature, the rules its weights must keep, whether specialists may learn that way,
 * and its label and place in the results. Adding a mode is adding a constant here.
 *
 * <p>A specialist ensemble takes the same modes, those that keep the hard term: its specialists learn
 * their subset's labels and the dustbin, and soft targets can only add to that.
 */
public enum StudentMode {
    /** Soft and hard targets, weighted: the paper's distillation. */
    DISTILL(Terms.SOFT_AND_HARD, null, "distilled", 1),
    /** Hard labels only: the paper's baseline. */
    HARD(Terms.HARD_ONLY, null, "hard", 0),
    /** Soft targets only. */
    SOFT(Terms.SOFT_ONLY, null, "soft", 2);

    /** A student's mode when its request gives none. */
    public static final StudentMode DEFAULT = DISTILL;

    /** Which terms a loss has: the T²-scaled soft term, the hard-label term, or both. */
    public enum Terms {
        SOFT_AND_HARD(true, true),
        HARD_ONLY(false, true),
        SOFT_ONLY(true, false);

        private final boolean soft;
        private final boolean hard;

        Terms(boolean soft, boolean hard) {
            this.soft = soft;
            this.hard = hard;
        }
    }

    private final Terms terms;
    private final Double temperature;
    private final String label;
    private final int reportOrder;

    /**
     * @param temperature its own default temperature; null takes the service's
     * @param label       its role in the results table
     * @param reportOrder its rows' place among a transfer set's students, 0 to 4
     */
    StudentMode(Terms terms, Double temperature, String label, int reportOrder) {
        this.terms = terms;
        this.temperature = temperature;
        this.label = label;
        this.reportOrder = reportOrder;
    }

    /** The name in JSON, lower case. */
    @JsonValue
    public String value() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The mode named {@code value} in JSON; empty for a name this version does not know. */
    public static Optional<StudentMode> of(String value) {
        return Arrays.stream(values()).filter(m -> m.value().equals(value)).findFirst();
    }

    /** The first mode whose loss has exactly these terms: how a saved loss names its shape. */
    public static StudentMode withTerms(boolean soft, boolean hard) {
        return Arrays.stream(values()).filter(m -> m.softTerm() == soft && m.hardTerm() == hard).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("No mode has neither a soft nor a hard term"));
    }

    /** Whether its loss has the soft term, so it needs the teacher's logits. */
    public boolean softTerm() {
        return terms.soft;
    }

    /** Whether its loss has the hard-label term. */
    public boolean hardTerm() {
        return terms.hard;
    }

    /** The soft term's default weight: {@code configured} when both terms are there, else 1 or 0. */
    public double softWeight(double configured) {
        return softTerm() && hardTerm() ? configured : softTerm() ? 1 : 0;
    }

    /** The hard term's default weight: {@code configured} when both terms are there, else 1 or 0. */
    public double hardWeight(double configured) {
        return softTerm() && hardTerm() ? configured : hardTerm() ? 1 : 0;
    }

    /** Its default temperature: its own if it has one, else {@code configured}. */
    public double temperature(double configured) {
        return temperature == null ? configured : temperature;
    }

    /** The weights given for a term this mode does not have, each named by its field. */
    public List<FieldProblem> weightProblems(Double softWeight, Double hardWeight) {
        List<FieldProblem> problems = new ArrayList<>();
        if (!softTerm() && softWeight != null && softWeight > 0) {
            problems.add(new FieldProblem("softWeight", "is " + softWeight + ", but a " + value()
                    + " student has no soft term; use mode " + DISTILL.value()));
        }
        if (!hardTerm() && hardWeight != null && hardWeight > 0) {
            problems.add(new FieldProblem("hardWeight", "is " + hardWeight + ", but a " + value()
                    + " student has no hard term; use mode " + DISTILL.value()));
        }
        return problems;
    }

    /** Whether specialists may learn this way: only with the hard term (see the class comment). */
    public boolean forEnsembles() {
        return hardTerm();
    }

    /** The modes specialists may learn in, for messages: {@code distill or hard}. */
    public static String ensembleModes() {
        return String.join(" or ", Arrays.stream(values()).filter(StudentMode::forEnsembles)
                .map(StudentMode::value).toList());
    }

    /** The ensemble mode that {@code useSoftTargets}, the older name for an ensemble's mode, stands for. */
    public static StudentMode ofUseSoftTargets(boolean useSoftTargets) {
        return withTerms(useSoftTargets, true);
    }

    /** Its role in the results table: {@code distilled}, {@code hard}, {@code soft}. */
    public String label() {
        return label;
    }

    /** Where its rows go among the students of one transfer set, 0 to 4. */
    public int reportOrder() {
        return reportOrder;
    }
}
