package io.distill.core.jobs;

/** A request field with a bad value; services answer it with 400 and a body naming the field. */
public final class FieldException extends IllegalArgumentException {

    private final String field;

    public FieldException(String field, String problem) {
        super(field + ": " + problem);
        this.field = field;
    }

    /**
     * The same problem as a field error. distill-core's own checks start their message with the
     * field's name ("epochs is 0, expected ..."), which becomes the field.
     */
    public static FieldException from(IllegalArgumentException e) {
        if (e instanceof FieldException fe) {
            return fe;
        }
        String message = e.getMessage() == null ? "request is invalid" : e.getMessage();
        int space = message.indexOf(' ');
        String field = space > 0 ? message.substring(0, space) : "request";
        String problem = space > 0 ? message.substring(space + 1) : message;
        return new FieldException(field, problem);
    }

    public String field() {
        return field;
    }

    /** The problem without the field name. */
    public String problem() {
        return getMessage().substring(field.length() + 2);
    }
}
