package io.distill.server.security;

import io.distill.contract.events.ModelReady;
import io.distill.server.config.AuthMode;
import io.distill.server.config.DistillConfig;
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
 * The tokens a service shows when it calls another: {@link TokenRoles#READ} for an artifact download,
 * {@link TokenRoles#SUBMIT} to ask soft-target-service to re-stream an expired transfer set. Issued by the
 * service to itself, for the called service alone ({@code aud}), signed with
 * {@code SMALLRYE_JWT_SIGN_KEY_LOCATION}, valid 10 minutes (far below any lifetime cap a deployment
 * sets) and renewed well before they expire. Empty when authentication is off.
 */
@ApplicationScoped
public class ServiceTokens {

    /** The audience every service accepts besides its own name: a token for the whole deployment. */
    public static final String DEPLOYMENT_AUDIENCE = "distill";

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

    /** The {@code Authorization} header's value for downloading {@code model} from the service that made it. */
    public Optional<String> download(ModelReady model) {
        return authorization(servingService(model.kind()), TokenRoles.READ);
    }

    /**
     * The {@code Authorization} header's value for calling {@code audience} (a service's name) with
     * {@code role} alone, or empty when authentication is off.
     */
    public synchronized Optional<String> authorization(String audience, String role) {
        if (mode == AuthMode.OFF) {
            return Optional.empty();
        }
        Instant now = Instant.now();
        String key = audience + " " + role;
        Token token = tokens.get(key);
        if (token == null || now.isAfter(token.renewAt())) {
            token = new Token(sign(audience, role), now.plus(LIFETIME).minus(RENEW_BEFORE));
            tokens.put(key, token);
        }
        return Optional.of("Bearer " + token.value());
    }

    /** The service that serves the artifacts of models of {@code kind}, as its {@code ModelReady} says. */
    static String servingService(String kind) {
        if ("teacher".equals(kind) || "student".equals(kind)) {
            return kind + "-service";
        }
        // A kind of model no service here announces: the deployment's audience still reaches its server.
        return DEPLOYMENT_AUDIENCE;
    }

    private String sign(String audience, String role) {
        var claims = Jwt.subject(service).upn(service).audience(audience).groups(Set.of(role)).expiresIn(LIFETIME);
        issuer.ifPresent(claims::issuer);
        try {
            return claims.sign();
        } catch (JwtException e) {
            throw new IllegalStateException("Cannot sign a service token for " + service
                    + ": set SMALLRYE_JWT_SIGN_KEY_LOCATION to the issuer's private key (" + e.getMessage() + ")", e);
        }
    }
}
