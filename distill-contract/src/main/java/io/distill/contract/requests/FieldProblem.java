package io.distill.contract.requests;

/**
 * A rule between fields that a request breaks: the field to blame, relative to the request, and a
 * sentence saying what is wrong.
 */
public record FieldProblem(String field, String message) {}
