package io.distill.server.openapi;

import io.distill.server.problems.Problem;
import java.util.List;

/**
 * The standard error answers of the OpenAPI documents, as components under
 * {@code #/components/responses}, each an {@code application/problem+json} {@link Problem}.
 * {@link StandardResponsesFilter} gives every operation the ones that apply to it; a resource names
 * any other by its reference, for example
 * {@code @APIResponse(responseCode = "409", ref = ProblemResponses.CONFLICT)}.
 */
public final class ProblemResponses {

    public static final String BAD_REQUEST = "#/components/responses/BadRequest";
    public static final String UNAUTHORIZED = "#/components/responses/Unauthorized";
    public static final String FORBIDDEN = "#/components/responses/Forbidden";
    public static final String NOT_FOUND = "#/components/responses/NotFound";
    public static final String NOT_ACCEPTABLE = "#/components/responses/NotAcceptable";
    public static final String CONFLICT = "#/components/responses/Conflict";
    public static final String CONTENT_TOO_LARGE = "#/components/responses/ContentTooLarge";
    public static final String OVER_LIMIT = "#/components/responses/OverLimit";
    public static final String UNSUPPORTED_MEDIA_TYPE = "#/components/responses/UnsupportedMediaType";
    public static final String SERVER_ERROR = "#/components/responses/ServerError";

    private ProblemResponses() {}

    /** One standard answer: its status, its component's name and what it means. */
    record Standard(String status, String ref, String description) {
        String name() {
            return ref.substring(ref.lastIndexOf('/') + 1);
        }
    }

    static final List<Standard> ALL = List.of(
            new Standard("400", BAD_REQUEST, "The body is not valid JSON (urn:distill:problem:invalid-json)"
                    + " or a field is invalid (urn:distill:problem:validation): field names the first bad one, errors all of them."),
            new Standard("401", UNAUTHORIZED, "No bearer token, or one that is expired, wrongly signed or from"
                    + " another issuer; WWW-Authenticate says which. Not answered when the service runs with DISTILL_AUTH=off."),
            new Standard("403", FORBIDDEN, "The token lacks the role this operation needs: distill-submit for a"
                    + " POST that starts or cancels a job, distill-read for the rest; the detail names it."),
            new Standard("404", NOT_FOUND,
                    "No job, model or transfer set has this id (urn:distill:problem:unknown-id)."),
            new Standard("406", NOT_ACCEPTABLE,
                    "The Accept header allows none of the media types this operation answers with."),
            new Standard("409", CONFLICT, "The request is well-formed but conflicts with the current state"
                    + " (urn:distill:problem:conflict); field names what conflicts."),
            new Standard("413", CONTENT_TOO_LARGE, "The body is larger than quarkus.http.limits.max-body-size."),
            new Standard("415", UNSUPPORTED_MEDIA_TYPE, "The body's Content-Type is not one this operation takes."),
            new Standard("422", OVER_LIMIT, "The job is valid but needs more memory than this replica allows one"
                    + " job (urn:distill:problem:over-limit); field names what drives the need, error the limit."),
            new Standard("500", SERVER_ERROR,
                    "The service failed; the detail gives the id under which the failure is logged."));
}
