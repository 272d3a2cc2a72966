package io.distill.console.security;

import io.quarkus.runtime.BlockingOperationNotAllowedException;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Named;
import org.eclipse.microprofile.jwt.JsonWebToken;

/** Who is looking at a page, for its templates ({@code inject:viewer}) and its actions. */
@RequestScoped
@Named("viewer")
public class Viewer {

    private final SecurityIdentity identity;
    private final JsonWebToken token;

    public Viewer(SecurityIdentity identity, JsonWebToken token) {
        this.identity = identity;
        this.token = token;
    }

    public boolean signedIn() {
        return known() && !identity.isAnonymous();
    }

    public String name() {
        return signedIn() ? identity.getPrincipal().getName() : "";
    }

    /** True when the token carries {@code distill-submit}: the page offers its actions. */
    public boolean canSubmit() {
        return signedIn() && identity.hasRole(Session.SUBMIT);
    }

    /**
     * False when the cookie's token failed verification, or when a page is rendered on an I/O thread
     * (a 404 for a path no page has), where the token is not verified: such pages show no one signed in.
     */
    private boolean known() {
        try {
            identity.isAnonymous();
            return true;
        } catch (AuthenticationFailedException | BlockingOperationNotAllowedException e) {
            return false;
        }
    }

    /** The signed-in person's own token, which the console shows the services when they act. */
    public String rawToken() {
        return token.getRawToken();
    }
}
