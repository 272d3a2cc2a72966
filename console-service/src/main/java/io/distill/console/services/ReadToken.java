package io.distill.console.services;

import io.smallrye.jwt.build.Jwt;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The console's own token for reading the services: {@code distill-read} alone, for the deployment's
 * audience ({@code distill}), signed with {@code SMALLRYE_JWT_SIGN_KEY_LOCATION} as the services sign
 * theirs, valid 10 minutes and renewed 2 minutes before it expires.
 */
@ApplicationScoped
public class ReadToken {

    static final String ROLE = "distill-read";
    static final String AUDIENCE = "distill";
    private static final Duration LIFETIME = Duration.ofMinutes(10);
    private static final Duration RENEW_BEFORE = Duration.ofMinutes(2);

    private final String service;
    private final String issuer;
    private String token;
    private Instant renewAt = Instant.MIN;

    public ReadToken(@ConfigProperty(name = "quarkus.application.name") String service,
            @ConfigProperty(name = "mp.jwt.verify.issuer") String issuer) {
        this.service = service;
        this.issuer = issuer;
    }

    /** The {@code Authorization} header's value. */
    public synchronized String authorization() {
        Instant now = Instant.now();
        if (now.isAfter(renewAt)) {
            token = Jwt.issuer(issuer).subject(service).upn(service).audience(AUDIENCE).groups(Set.of(ROLE))
                    .expiresIn(LIFETIME).sign();
            renewAt = now.plus(LIFETIME).minus(RENEW_BEFORE);
        }
        return "Bearer " + token;
    }
}
