package io.distill.contract.events;

/** The headers of a record on a dead-letter topic ({@link Topics#dlq}), beside the record as it arrived. */
public final class DeadLetterHeaders {

    /** Names the service that rejected the record. */
    public static final String REJECTED_BY = "distill-rejected-by";
    /** Says why it was rejected. */
    public static final String REASON = "distill-rejected-reason";

    private DeadLetterHeaders() {}
}
