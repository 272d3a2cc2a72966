package io.distill.server.config;

/** How a service authenticates REST callers ({@code DISTILL_AUTH}). */
public enum AuthMode {
    /** RS256 bearer tokens, verified with {@code MP_JWT_VERIFY_PUBLICKEY_LOCATION}: the default. */
    JWT,
    /** No authentication at all; the service says so in its log and its readiness data. */
    OFF
}
