package io.distill.contract.jobs;

/**
 * A request field whose value the service cannot use, found past Bean Validation (for example a data
 * set that is missing on this replica); services answer it with 400 naming the field.
 */
public final class FieldException extends IllegalArgumentException {

    private final String field;

    public FieldException(String field, String problem) {
        super(field + ": " + problem);
        this.field = field;
    }

    public String field() {
        return field;
    }

    /** The problem without the field name. */
    public String problem() {
        return getMessage().substring(field.length() + 2);
    }
}
