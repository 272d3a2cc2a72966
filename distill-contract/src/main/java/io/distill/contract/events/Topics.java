package io.distill.contract.events;

/** Topic names from the service contract. Channel name = topic name everywhere. */
public final class Topics {

    public static final String TEACHER_MODELS = "teacher-models";
    public static final String STUDENT_MODELS = "student-models";
    public static final String SOFT_TARGETS = "soft-targets";
    public static final String TRANSFER_SETS = "transfer-sets";
    public static final String SPECIALIST_ENSEMBLES = "specialist-ensembles";
    public static final String DISTILL_PROGRESS = "distill-progress";
    public static final String DATASETS = "datasets";
    /** Suffix of each topic's dead-letter topic. */
    public static final String DLQ_SUFFIX = ".dlq";
    /** The header of a dead-lettered record that names the service that rejected it. */
    public static final String REJECTED_BY_HEADER = "distill-rejected-by";
    /** The header of a dead-lettered record that says why it was rejected. */
    public static final String REJECTED_REASON_HEADER = "distill-rejected-reason";

    private Topics() {}

    /** The dead-letter topic of {@code topic}. */
    public static String dlq(String topic) {
        return topic + DLQ_SUFFIX;
    }
}
