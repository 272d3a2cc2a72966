package io.distill.server.problems;

/** A request that is well-formed but cannot be served yet; answered with 409 naming the field. */
public final class ConflictException extends RuntimeException {

    private final String field;

    public ConflictException(String field, String problem) {
        super(problem);
        this.field = field;
    }

    public String field() {
        return field;
    }
}
