package io.distill.server.problems;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.distill.contract.records.Builder;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * An RFC 9457 problem, the body of every error answer ({@code application/problem+json}). A bad
 * request also names its fields: {@code field} and {@code error} for the first bad one (the body
 * distill answered before problem details, so older clients keep working) and {@code errors} for all.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@Schema(name = "Problem",
        description = "An RFC 9457 problem: the body of every error answer, as application/problem+json.")
@Builder
public record Problem(
        @Schema(description = "The kind of problem: a urn:distill:problem:* URN, or about:blank when the HTTP"
                + " status says it all.",
                examples = "urn:distill:problem:validation", required = true)
        String type,
        @Schema(description = "A short summary of the kind of problem; the same for every occurrence of a type.",
                examples = "A request field is invalid", required = true)
        String title,
        @Schema(description = "The HTTP status code.", examples = "400", required = true)
        int status,
        @Schema(description = "What went wrong this time, for a person to read.",
                examples = "epochs: is 0, expected a positive whole number")
        String detail,
        @Schema(description = "The path of the request that failed.", examples = "/teachers")
        String instance,
        @Schema(description = "The first bad field (for a bad request): a JSON path such as"
                + " plan.transferSets[1].students[0].temperature, or body for the body as a whole.", examples = "epochs")
        String field,
        @Schema(description = "What is wrong with field.", examples = "is 0, expected a positive whole number")
        String error,
        @Schema(description = "Every bad field, for a bad request.")
        List<FieldError> errors) {

    /** The media type of a problem (RFC 9457). */
    public static final String MEDIA_TYPE = "application/problem+json";

    /** A bad request: one problem per field, the first of which is also {@code field} and {@code error}. */
    public static Problem invalid(ProblemType type, List<FieldError> errors, String instance) {
        FieldError first = errors.get(0);
        String detail = String.join("; ", errors.stream().map(FieldError::sentence).toList());
        return ProblemBuilder.builder().type(type.uri()).title(type.title()).status(type.status()).detail(detail)
                .instance(instance).field(first.field()).error(first.error()).errors(List.copyOf(errors)).build();
    }

    /** A problem of one of distill's own types, about one field of the request or ({@code field} null) none. */
    public static Problem of(ProblemType type, String field, String detail, String instance) {
        return ProblemBuilder.builder().type(type.uri()).title(type.title()).status(type.status()).detail(detail)
                .instance(instance).field(field).error(detail).build();
    }

    /** A problem the HTTP status describes well enough: {@code about:blank}, titled with the status's reason phrase. */
    public static Problem ofStatus(int status, String detail, String instance) {
        return ProblemBuilder.builder().type(ProblemType.ABOUT_BLANK).title(ProblemType.reasonPhrase(status))
                .status(status).detail(detail).instance(instance).error(detail).build();
    }

    /** One bad field of a request and what is wrong with it. */
    @Schema(name = "FieldError", description = "One bad field of a request.")
    public record FieldError(
            @Schema(description = "The field's JSON path, or body for the body as a whole.",
                    examples = "plan.transferSets[1].students[0].temperature", required = true)
            String field,
            @Schema(description = "What is wrong with it.", examples = "is 0, expected a positive number",
                    required = true)
            String error) {

        String sentence() {
            return field + ": " + error;
        }
    }
}
