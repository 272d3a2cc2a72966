package io.distill.console.security;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.core.MediaType;
import org.jboss.resteasy.reactive.RestResponse;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * The pages a person sees instead of one they may not: 401 with the sign-in form when there is no
 * token or it is not valid (expired, say), 403 naming the role an action needs, 404 saying what is not there.
 */
public class AccessPages {

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance forbidden(String problem);

        static native TemplateInstance notFound(String problem);
    }

    @ServerExceptionMapper
    public RestResponse<TemplateInstance> unauthorized(UnauthorizedException e) {
        return html(SignIn.refused("Sign in to see this page: paste a token with distill-read or distill-submit."));
    }

    @ServerExceptionMapper
    public RestResponse<TemplateInstance> authenticationFailed(AuthenticationFailedException e) {
        RestResponse<TemplateInstance> page = SignIn.refused(
                "Your token is no longer valid (it may have expired): paste a new one.");
        return RestResponse.ResponseBuilder.fromResponse(page).cookie(Session.end(false))
                .type(MediaType.TEXT_HTML_TYPE).build();
    }

    @ServerExceptionMapper
    public RestResponse<TemplateInstance> forbidden(ForbiddenException e) {
        return RestResponse.ResponseBuilder.create(RestResponse.Status.FORBIDDEN, Templates.forbidden(
                "This needs a token with the role distill-submit; yours reads only."))
                .type(MediaType.TEXT_HTML_TYPE).build();
    }

    @ServerExceptionMapper
    public RestResponse<TemplateInstance> notFound(NotFoundException e) {
        return RestResponse.ResponseBuilder.create(RestResponse.Status.NOT_FOUND, Templates.notFound(e.getMessage()))
                .type(MediaType.TEXT_HTML_TYPE).build();
    }

    private static RestResponse<TemplateInstance> html(RestResponse<TemplateInstance> page) {
        return RestResponse.ResponseBuilder.fromResponse(page).type(MediaType.TEXT_HTML_TYPE).build();
    }
}
