package io.distill.server.problems;

import io.vertx.core.http.HttpServerRequest;
import java.util.Set;

/** The {@code detail} of a problem that is just an HTTP status: what about this request earned it. */
final class StatusDetails {

    private StatusDetails() {}

    /**
     * What earned {@code status}; {@code message} (the exception's, if any) is used only for statuses
     * without a sentence of their own, and only when it says more than "HTTP 400 Bad Request".
     */
    static String of(int status, HttpServerRequest request, Set<String> allowed, String message) {
        String path = request.path();
        return switch (status) {
            case 404 -> "Nothing is served at " + path + ".";
            case 405 -> request.method() + " is not allowed on " + path + allowed(allowed) + ".";
            case 406 -> "Nothing at " + path + " can be answered as " + header(request, "Accept") + ".";
            case 413 -> tooLarge(null);
            case 415 -> path + " does not take a body of type " + header(request, "Content-Type") + ".";
            default -> message != null && !message.startsWith("HTTP " + status) ? message
                    : ProblemType.reasonPhrase(status) + ": " + request.method() + " " + path + ".";
        };
    }

    static String tooLarge(Long limit) {
        return "The body is larger than this service takes" + (limit == null ? "." : ": at most " + limit + " bytes.");
    }

    static String serverError(String id) {
        return "The service failed to answer this request. The failure is logged as error " + id + ".";
    }

    private static String allowed(Set<String> methods) {
        return methods.isEmpty() ? "" : "; it allows " + String.join(", ", methods);
    }

    private static String header(HttpServerRequest request, String name) {
        String value = request.getHeader(name);
        return value == null ? "(none)" : value;
    }
}
