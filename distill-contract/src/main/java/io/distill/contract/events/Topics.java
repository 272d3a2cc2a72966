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

    private Topics() {}

    /** The dead-letter topic of {@code topic}. */
    public static String dlq(String topic) {
        return topic + DLQ_SUFFIX;
    }
}
