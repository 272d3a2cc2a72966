package io.distill.service.security;

import io.distill.service.config.DistillConfig;
import io.smallrye.jwt.build.Jwt;
import io.smallrye.jwt.build.JwtException;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The token a service shows when it calls another (an artifact download): {@link Roles#READ} only,
 * issued to the service itself, signed with {@code SMALLRYE_JWT_SIGN_KEY_LOCATION}, and renewed
 * well before it expires. Empty when authentication is off.
 */
@ApplicationScoped
public class ServiceTokens {

    private static final Duration LIFETIME = Duration.ofMinutes(10);
    private static final Duration RENEW_BEFORE = Duration.ofMinutes(2);

    private final AuthMode mode;
    private final String service;
    private final Optional<String> issuer;
    private String token;
    private Instant renewAt = Instant.MIN;

    public ServiceTokens(DistillConfig config, @ConfigProperty(name = "quarkus.application.name") String service,
            @ConfigProperty(name = "mp.jwt.verify.issuer") Optional<String> issuer) {
        this.mode = config.auth();
        this.service = service;
        this.issuer = issuer;
    }

    /** The {@code Authorization} header's value, or empty when authentication is off. */
    public synchronized Optional<String> authorization() {
        if (mode == AuthMode.OFF) {
            return Optional.empty();
        }
        Instant now = Instant.now();
        if (now.isAfter(renewAt)) {
            token = sign();
            renewAt = now.plus(LIFETIME).minus(RENEW_BEFORE);
        }
        return Optional.of("Bearer " + token);
    }

    private String sign() {
        var claims = Jwt.subject(service).upn(service).groups(Set.of(Roles.READ)).expiresIn(LIFETIME);
        issuer.ifPresent(claims::issuer);
        try {
            return claims.sign();
        } catch (JwtException e) {
            throw new IllegalStateException("Cannot sign a service token for " + service
                    + ": set SMALLRYE_JWT_SIGN_KEY_LOCATION to the issuer's private key (" + e.getMessage() + ")", e);
        }
    }
}
