package io.distill.server.security;

import io.distill.server.problems.Problem;
import io.distill.server.problems.ProblemWriter;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MultivaluedHashMap;
import jakarta.ws.rs.core.Response;
import java.util.Map;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** Answers a request without a valid token (401) or without the role it needs (403) with a problem. */
public class SecurityProblems {

    private final ProblemWriter writer;

    public SecurityProblems(ProblemWriter writer) {
        this.writer = writer;
    }

    @ServerExceptionMapper({UnauthorizedException.class, AuthenticationFailedException.class})
    public Response unauthorized(RuntimeException e, HttpServerRequest request) {
        boolean sent = request.getHeader(HttpHeaders.AUTHORIZATION) != null;
        String detail = sent
                ? "The bearer token was refused: expired or issued in the future, valid for longer than this"
                        + " deployment allows, meant for another service (aud), wrongly signed or from another issuer,"
                        + " or with groups that are not a list of role names. Ask for a new one."
                : "This request needs a bearer token: send Authorization: Bearer <token> (deploy/local/token.sh prints one locally).";
        var headers = new MultivaluedHashMap<String, Object>(Map.of(HttpHeaders.WWW_AUTHENTICATE,
                sent ? "Bearer error=\"invalid_token\"" : "Bearer"));
        return writer.response(Problem.ofStatus(401, detail, request.path()), headers);
    }

    @ServerExceptionMapper
    public Response forbidden(ForbiddenException e, HttpServerRequest request) {
        String needed = "POST".equals(request.method().name()) && !request.path().endsWith("/predict")
                ? TokenRoles.SUBMIT : TokenRoles.READ;
        return writer.response(Problem.ofStatus(403, "The token lacks the role " + needed + " that "
                + request.method() + " " + request.path() + " needs.", request.path()));
    }
}
