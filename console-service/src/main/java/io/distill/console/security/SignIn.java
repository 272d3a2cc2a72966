package io.distill.console.security;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.smallrye.jwt.auth.principal.JWTParser;
import io.smallrye.jwt.auth.principal.ParseException;
import io.smallrye.common.annotation.Blocking;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.UriInfo;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.jboss.resteasy.reactive.RestResponse;

/**
 * Signing in: a person pastes a bearer token once (deploy/local/token.sh prints one; a deployment's
 * identity provider issues them), the console verifies it as the services do, and keeps it in an
 * HttpOnly, SameSite=Strict cookie until it expires. Signing out drops the cookie.
 */
@Blocking
@Path("/")
@Produces(MediaType.TEXT_HTML)
public class SignIn {

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance signIn(String problem);
    }

    private final JWTParser parser;

    public SignIn(JWTParser parser) {
        this.parser = parser;
    }

    @GET
    @Path("sign-in")
    public TemplateInstance form() {
        return Templates.signIn(null);
    }

    @POST
    @Path("sign-in")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public RestResponse<TemplateInstance> signIn(@FormParam("token") String token, @Context UriInfo uri,
            @Context HttpHeaders headers) {
        String pasted = token == null ? "" : token.strip().replaceFirst("^(?i)bearer\\s+", "");
        if (pasted.isEmpty()) {
            return refused("Paste a token: deploy/local/token.sh distill-read (or distill-submit) prints one.");
        }
        JsonWebToken jwt;
        try {
            jwt = parser.parse(pasted);
        } catch (ParseException e) {
            return refused("The token is not valid here: " + e.getMessage()
                    + ". It must be signed by the key the services trust, for audience distill, and unexpired.");
        }
        Set<String> groups = jwt.getGroups();
        if (!groups.contains(Session.READ) && !groups.contains(Session.SUBMIT)) {
            return refused("The token carries neither distill-read nor distill-submit.");
        }
        Duration lifetime = Duration.between(Instant.now(), Instant.ofEpochSecond(jwt.getExpirationTime()));
        return RestResponse.ResponseBuilder.<TemplateInstance>seeOther(URI.create("/"))
                .cookie(Session.keep(pasted, lifetime, secure(uri, headers))).build();
    }

    @POST
    @Path("sign-out")
    public RestResponse<TemplateInstance> signOut(@Context UriInfo uri, @Context HttpHeaders headers) {
        return RestResponse.ResponseBuilder.<TemplateInstance>seeOther(URI.create("/sign-in"))
                .cookie(Session.end(secure(uri, headers))).build();
    }

    /** The sign-in page again, as a 401, saying what was wrong. */
    static RestResponse<TemplateInstance> refused(String problem) {
        return RestResponse.status(RestResponse.Status.UNAUTHORIZED, Templates.signIn(problem));
    }

    /** Over HTTPS, directly or behind a proxy that says so, the cookie is sent over HTTPS alone. */
    private static boolean secure(UriInfo uri, HttpHeaders headers) {
        return "https".equals(uri.getRequestUri().getScheme())
                || "https".equalsIgnoreCase(headers.getHeaderString("X-Forwarded-Proto"));
    }
}
