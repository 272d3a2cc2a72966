package io.distill.server.security;

/** The roles a bearer token's {@code groups} claim may carry (docs/api.md, "Tokens"). */
public final class TokenRoles {

    /** May start jobs (every POST) and cancel them. */
    public static final String SUBMIT = "distill-submit";
    /** May read jobs, models and artifacts (GET, HEAD) and ask an ensemble for predictions. */
    public static final String READ = "distill-read";

    private TokenRoles() {}
}
