package io.distill.console.security;

import jakarta.ws.rs.core.NewCookie;
import java.time.Duration;

/**
 * How a person stays signed in: the bearer token they pasted once, kept in an HttpOnly, SameSite=Strict
 * cookie that scripts cannot read and other sites cannot send, for as long as the token lives. The
 * console verifies it on every request as the services do ({@code mp.jwt.token.cookie}).
 */
public final class Session {

    /** The cookie's name; {@code mp.jwt.token.cookie} in application.properties names it too. */
    public static final String COOKIE = "distill-token";
    public static final String READ = "distill-read";
    public static final String SUBMIT = "distill-submit";

    private Session() {}

    /** The cookie that keeps {@code token} for {@code lifetime}; {@code secure} over HTTPS. */
    public static NewCookie keep(String token, Duration lifetime, boolean secure) {
        return new NewCookie.Builder(COOKIE).value(token).path("/").httpOnly(true).secure(secure)
                .sameSite(NewCookie.SameSite.STRICT).maxAge((int) Math.max(0, lifetime.toSeconds())).build();
    }

    /** The cookie that ends the session. */
    public static NewCookie end(boolean secure) {
        return new NewCookie.Builder(COOKIE).value("").path("/").httpOnly(true).secure(secure)
                .sameSite(NewCookie.SameSite.STRICT).maxAge(0).build();
    }
}
