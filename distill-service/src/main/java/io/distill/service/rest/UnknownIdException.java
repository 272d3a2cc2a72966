package io.distill.service.rest;

/** A path named a job or model this service does not have; answered with 404. */
public final class UnknownIdException extends RuntimeException {

    public UnknownIdException(String kind, String id) {
        super("No " + kind + " with id " + id + ".");
    }
}
