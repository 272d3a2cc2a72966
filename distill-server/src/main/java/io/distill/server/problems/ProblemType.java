package io.distill.server.problems;

import jakarta.ws.rs.core.Response;

/**
 * distill's own kinds of problem, each a stable URN (docs/api.md lists them). Every other error
 * is {@code about:blank}, whose title is the HTTP reason phrase, as RFC 9457 section 4.2.1 asks.
 */
public enum ProblemType {

    /** A field of the request has a bad value, is unknown, is missing or is of the wrong type. */
    VALIDATION("urn:distill:problem:validation", "A request field is invalid", 400),
    /** The body does not parse as JSON at all. */
    INVALID_JSON("urn:distill:problem:invalid-json", "The body is not valid JSON", 400),
    /** A job, model or transfer set named by the path or the body is not known here. */
    UNKNOWN_ID("urn:distill:problem:unknown-id", "No such job, model or transfer set", 404),
    /** A well-formed request that the resource's current state cannot serve. */
    CONFLICT("urn:distill:problem:conflict", "The request conflicts with the resource's state", 409),
    /** A valid job that needs more memory than this replica allows one job ({@code distill.limits.*}). */
    OVER_LIMIT("urn:distill:problem:over-limit", "The job needs more memory than this replica allows", 422);

    public static final String ABOUT_BLANK = "about:blank";

    private final String uri;
    private final String title;
    private final int status;

    ProblemType(String uri, String title, int status) {
        this.uri = uri;
        this.title = title;
        this.status = status;
    }

    public String uri() {
        return uri;
    }

    public String title() {
        return title;
    }

    public int status() {
        return status;
    }

    /** The reason phrase of an HTTP status, such as "Method Not Allowed" for 405. */
    public static String reasonPhrase(int status) {
        Response.Status known = Response.Status.fromStatusCode(status);
        if (known != null) {
            return known.getReasonPhrase();
        }
        return switch (status) {
            case 405 -> "Method Not Allowed";
            case 413 -> "Content Too Large";
            case 422 -> "Unprocessable Content";
            case 431 -> "Request Header Fields Too Large";
            default -> status >= 500 ? "Server Error" : "Client Error";
        };
    }
}
