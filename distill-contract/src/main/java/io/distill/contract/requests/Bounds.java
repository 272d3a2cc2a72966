package io.distill.contract.requests;


/**
 * The bounds on every list in a request and on a request's size as JSON, which together keep every
 * accepted request, and every Kafka event and job record that carries it, small (docs/api.md, "Limits").
 */
public final class Bounds {

    /** The most hidden layers of a teacher or a student. */
    public static final int MAX_LAYERS = 8;

    /** The widest hidden layer; the memory a net of such layers needs is checked apart (admission). */
    public static final int MAX_WIDTH = 16_384;

    /** The most transfer sets in one plan; run.sh's plans have four. */
    public static final int MAX_TRANSFER_SETS = 16;

    /** The most students on one transfer set of a plan; run.sh --paper --seeds 99 puts 198 on one. */
    public static final int MAX_STUDENTS = 256;

    /** The most specialist ensembles on one transfer set of a plan. */
    public static final int MAX_ENSEMBLES = 16;

    /** The most teachers one transfer set names: a whole teacher ensemble. */
    public static final int MAX_TEACHERS = TeacherRequest.MAX_ENSEMBLE;

    /**
     * The most classes a data set may have, and so the most entries of {@code omitClasses} or
     * {@code onlyClasses}; a request's classes are checked against its own data set's when it is admitted.
     */
    public static final int MAX_CLASSES = 20_000;

    /** The longest {@code name} of a planned transfer set, a label for people. */
    public static final int MAX_NAME = 100;

    /**
     * The most bytes a request may take as JSON, with its defaults filled in. A plan travels in
     * {@code ModelReady}, {@code TransferSetManifest} and {@code EnsembleReady} events, which Kafka
     * refuses above 1 MiB (the broker's {@code message.max.bytes}, the producer's
     * {@code max.request.size}); a quarter of that leaves room for the rest of each event.
     */
    public static final int MAX_REQUEST_BYTES = 256 * 1024;

    private Bounds() {}
}
