package io.distill.service.security;

import io.distill.service.config.DistillConfig;
import io.smallrye.jwt.build.Jwt;
import io.smallrye.jwt.build.JwtException;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The tokens a service shows when it calls another: {@link Roles#READ} for an artifact download,
 * {@link Roles#SUBMIT} to ask soft-target-service to re-stream an expired transfer set. Issued to the
 * service itself, signed with {@code SMALLRYE_JWT_SIGN_KEY_LOCATION}, and renewed well before they
 * expire. Empty when authentication is off.
 */
@ApplicationScoped
public class ServiceTokens {

    private static final Duration LIFETIME = Duration.ofMinutes(10);
    private static final Duration RENEW_BEFORE = Duration.ofMinutes(2);

    private record Token(String value, Instant renewAt) {}

    private final AuthMode mode;
    private final String service;
    private final Optional<String> issuer;
    private final Map<String, Token> tokens = new HashMap<>();

    public ServiceTokens(DistillConfig config, @ConfigProperty(name = "quarkus.application.name") String service,
            @ConfigProperty(name = "mp.jwt.verify.issuer") Optional<String> issuer) {
        this.mode = config.auth();
        this.service = service;
        this.issuer = issuer;
    }

    /** The {@code Authorization} header's value for reading, or empty when authentication is off. */
    public Optional<String> authorization() {
        return authorization(Roles.READ);
    }

    /** The {@code Authorization} header's value with {@code role} alone, or empty when authentication is off. */
    public synchronized Optional<String> authorization(String role) {
        if (mode == AuthMode.OFF) {
            return Optional.empty();
        }
        Instant now = Instant.now();
        Token token = tokens.get(role);
        if (token == null || now.isAfter(token.renewAt())) {
            token = new Token(sign(role), now.plus(LIFETIME).minus(RENEW_BEFORE));
            tokens.put(role, token);
        }
        return Optional.of("Bearer " + token.value());
    }

    private String sign(String role) {
        var claims = Jwt.subject(service).upn(service).groups(Set.of(role)).expiresIn(LIFETIME);
        issuer.ifPresent(claims::issuer);
        try {
            return claims.sign();
        } catch (JwtException e) {
            throw new IllegalStateException("Cannot sign a service token for " + service
                    + ": set SMALLRYE_JWT_SIGN_KEY_LOCATION to the issuer's private key (" + e.getMessage() + ")", e);
        }
    }
}
