package io.distill.server.health;

import io.distill.server.config.AuthMode;
import io.distill.server.config.DistillConfig;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Says how REST callers are authenticated, so that a service running without authentication is
 * visible to whoever watches its readiness; it is ready either way.
 */
@Readiness
@ApplicationScoped
public class AuthReadiness implements HealthCheck {

    private final AuthMode mode;

    public AuthReadiness(DistillConfig config) {
        this.mode = config.auth();
    }

    @Override
    public HealthCheckResponse call() {
        var response = HealthCheckResponse.named("auth").up().withData("mode", mode.name().toLowerCase());
        if (mode == AuthMode.OFF) {
            response.withData("warning", "REST authentication is off (DISTILL_AUTH=off)");
        }
        return response.build();
    }
}
